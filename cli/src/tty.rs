//! Questions asked on the controlling terminal (`/dev/tty`), so they reach a person even when stdout or stderr
//! go to a file. Answers are read on a plain thread, so Ctrl-C can interrupt the wait: the caller races the
//! answer against the signal, and a thread still blocked in `read` dies with the process.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::process::{Command, Stdio};

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::oneshot;

use crate::error::{Error, Result};

pub fn stdin_is_tty() -> bool {
    std::io::stdin().is_terminal()
}

fn open_tty() -> Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| Error::usage(format!("no terminal to ask on (/dev/tty: {e})")))
}

/// SIGINT, listened for from now on (installing it replaces the default "die at once").
pub fn interrupts() -> Result<Signal> {
    signal(SignalKind::interrupt()).map_err(|e| Error::local("listening for Ctrl-C", e))
}

/// Writes `prompt` to the terminal and reads one line (without its line end); a second Ctrl-C is
/// [`Error::Interrupted`].
async fn ask_line(tty: File, prompt: &str, sigint: &mut Signal) -> Result<String> {
    let mut writer = tty.try_clone().map_err(|e| Error::local("opening /dev/tty", e))?;
    writer
        .write_all(prompt.as_bytes())
        .and_then(|()| writer.flush())
        .map_err(|e| Error::local("writing /dev/tty", e))?;
    let (tx, rx) = oneshot::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = BufReader::new(tty).read_line(&mut line).map(|n| (n, line));
        let _ = tx.send(read);
    });
    tokio::select! {
        read = rx => match read {
            Ok(Ok((0, _))) => Err(Error::usage("no answer: the terminal was closed")),
            Ok(Ok((_, line))) => Ok(line.trim_end_matches(['\r', '\n']).to_owned()),
            Ok(Err(e)) => Err(Error::local("reading /dev/tty", e)),
            Err(_) => Err(Error::Local("reading /dev/tty: the reader stopped".into())),
        },
        _ = sigint.recv() => {
            let _ = writer.write_all(b"\n");
            Err(Error::Interrupted)
        }
    }
}

/// Asks a yes/no question; anything but `y` or `yes` is no.
pub async fn confirm(question: &str, sigint: &mut Signal) -> Result<bool> {
    let answer = ask_line(open_tty()?, &format!("{question} [y/N] "), sigint).await?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Asks for a line that is shown as it is typed.
pub async fn ask(prompt: &str) -> Result<String> {
    ask_line(open_tty()?, prompt, &mut interrupts()?).await
}

/// Asks for a password with the terminal's echo off (`stty -echo`), restoring the terminal however the
/// question ends, Ctrl-C included.
pub async fn password(prompt: &str) -> Result<String> {
    let tty = open_tty()?;
    let stty = |args: &[&str]| -> Result<String> {
        let input = tty.try_clone().map_err(|e| Error::local("opening /dev/tty", e))?;
        let out = Command::new("stty")
            .args(args)
            .stdin(input)
            .stderr(Stdio::null())
            .output()
            .map_err(|e| Error::local("running stty", e))?;
        if !out.status.success() {
            return Err(Error::Local(format!("stty {} failed", args.join(" "))));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let mut sigint = interrupts()?;
    let reader = tty.try_clone().map_err(|e| Error::local("opening /dev/tty", e))?;
    let saved = stty(&["-g"])?;
    stty(&["-echo"])?;
    let answer = ask_line(reader, prompt, &mut sigint).await;
    let restored = stty(&[&saved]);
    // The Enter typed was not echoed either.
    let _ = (&tty).write_all(b"\n");
    let answer = answer?;
    restored?;
    Ok(answer)
}
