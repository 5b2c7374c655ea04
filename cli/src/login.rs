//! `rolf login`: sign in with a directory username and password (`POST /auth/login`), or take an API token,
//! check it against the API (`GET /me`), and store the URL and token for later commands.

use std::io::BufRead;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::args::Login;
use crate::config::{self, Stored};
use crate::error::{Error, Result};
use crate::output::Output;
use crate::tty;

#[derive(Deserialize)]
struct SignedIn {
    token: String,
    user: Value,
}

pub async fn run(url: Option<&str>, args: Login, json: bool, out: &mut Output) -> Result<u8> {
    let path = config::path()?;
    let url = match url {
        Some(url) => config::normalize_url(url)?,
        None => match config::load(&path)? {
            Some(stored) => config::normalize_url(&stored.url)?,
            None => return Err(Error::usage("which API? pass --url URL (or set ROLF_URL)")),
        },
    };
    let (token, user) = match args.token {
        Some(token) => {
            let token = token.trim().to_owned();
            if token.is_empty() {
                return Err(Error::usage("--token is empty"));
            }
            let user: Value = Api::new(&url, Some(&token))?.get("/me").await?;
            (token, user)
        }
        None => {
            let username = match args.username {
                Some(username) => username,
                None => tty::ask("username: ").await?,
            };
            let password =
                if args.password_stdin { password_from_stdin()? } else { tty::password("password: ").await? };
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
        }
    };
    config::store(&path, &Stored { url: url.clone(), token })?;
    if json {
        out.json(&user)?;
    } else {
        let name = user["username"].as_str().unwrap_or("?");
        out.note(&format!("signed in to {url} as {name}; saved in {}", path.display()))?;
    }
    Ok(0)
}

fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| Error::local("reading the password from stdin", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
