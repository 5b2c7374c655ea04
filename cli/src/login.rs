//! `rolf login`: sign in with a directory username and password (`POST /auth/login`), or take an API token
//! (`--token`, or `--token-stdin` for scripts), check it against the API (`GET /me`), and store the URL and token
//! for later commands. Nothing is stored unless the API accepted it.

use std::io::{BufRead, Read};

use serde_json::{Value, json};

use crate::api::Api;
use crate::args::Login;
use crate::config::{self, Stored};
use crate::error::{Error, Result};
use crate::model::{Me, SignedIn, decode};
use crate::output::Output;
use crate::tty;

/// More than this on stdin is not a token.
const MAX_TOKEN: u64 = 64 * 1024;

pub async fn run(url: Option<&str>, args: Login, json: bool, out: &mut Output) -> Result<u8> {
    let path = config::path()?;
    let url = match url {
        Some(url) => config::normalize_url(url)?,
        None => match config::load(&path)? {
            Some(stored) => config::normalize_url(&stored.url)?,
            None => return Err(Error::usage("which API? pass --url URL (or set ROLF_URL)")),
        },
    };
    let token = match (args.token, args.token_stdin) {
        (Some(token), _) if token.trim().is_empty() => return Err(Error::usage("--token is empty")),
        (Some(token), _) => Some(token.trim().to_owned()),
        (None, true) => {
            if tty::stdin_is_tty() {
                out.note("reading the token from stdin (end with Ctrl-D)")?;
                out.flush()?;
            }
            Some(token_from_stdin(std::io::stdin().lock())?)
        }
        (None, false) => None,
    };
    let (token, user) = if let Some(token) = token {
        let user: Value = Api::new(&url, Some(&token))?.get("/me").await.map_err(|e| match e {
            Error::Auth(_) => Error::Auth(format!(
                "{url} refused the token: it is not an API token of this API, or it expired or was revoked; \
                 nothing was stored"
            )),
            other => other,
        })?;
        (token, user)
    } else {
        let username = match args.username {
            Some(username) => username,
            None => tty::ask("username: ").await?,
        };
        let password = if args.password_stdin { password_from_stdin()? } else { tty::password("password: ").await? };
        if username.trim().is_empty() || password.is_empty() {
            return Err(Error::usage("a username and a password are needed"));
        }
        let body = json!({"username": username.trim(), "password": password});
        let signed_in: SignedIn = Api::new(&url, None)?.post("/auth/login", &body).await.map_err(|e| match e {
            Error::Auth(_) => Error::Auth("sign-in refused: wrong username or password".into()),
            Error::Refused(m) if m.contains("404") => Error::Refused(format!("this API has no LDAP sign-in ({m})")),
            other => other,
        })?;
        (signed_in.token, signed_in.user)
    };
    // Read before storing: an answer rolf does not understand stores nothing.
    let me: Me = decode(user.clone(), "the signed-in user")?;
    config::store(&path, &Stored { url: url.clone(), token })?;
    if json {
        out.json(&user)?;
    } else {
        out.note(&format!("signed in to {url} as {}; saved in {}", me.username, path.display()))?;
    }
    Ok(0)
}

/// The token on `input`: all of it, surrounding whitespace (the final newline) removed; one word.
fn token_from_stdin(input: impl Read) -> Result<String> {
    let mut text = String::new();
    input.take(MAX_TOKEN + 1).read_to_string(&mut text).map_err(|e| Error::local("reading the token from stdin", e))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(Error::usage(
            "--token-stdin: stdin is empty; pass the token on it, e.g. `rolf login --token-stdin < token-file`",
        ));
    }
    if text.len() as u64 > MAX_TOKEN || token.contains(char::is_whitespace) {
        return Err(Error::usage("--token-stdin: stdin must hold one token and nothing else"));
    }
    Ok(token.to_owned())
}

fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| Error::local("reading the password from stdin", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_on_stdin_is_one_word_without_its_newline() {
        assert_eq!(token_from_stdin(&b"abc.def-1\n"[..]).unwrap(), "abc.def-1");
        assert_eq!(token_from_stdin(&b"  abc\r\n\n"[..]).unwrap(), "abc");
        for bad in [&b""[..], b"\n", b"  \n", b"one\ntwo\n", b"one two"] {
            let err = token_from_stdin(bad).unwrap_err();
            assert!(matches!(err, Error::Usage(_)), "{bad:?}: {err}");
        }
        let huge = vec![b'a'; MAX_TOKEN as usize + 10];
        assert!(token_from_stdin(&huge[..]).is_err());
    }
}
