//! A CAS server for tests, speaking CAS protocol 3.0 (`/login`, `/p3/serviceValidate`) in-process on a free
//! port, so sign-in tests exercise the real protocol without an SSO deployment. Tickets are issued by the test
//! (`issue`) instead of through the login form, and behave as the spec says: single use, short-lived, bound to
//! the service they were issued for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::web::{Data, Query};
use actix_web::{App, HttpResponse, HttpServer, web};

/// How long an issued ticket stays good; real servers default to about ten seconds, a loaded test machine
/// needs a little more.
pub const TICKET_LIFETIME: Duration = Duration::from_secs(30);

/// How long a stalled server sits on a validation before answering.
const STALL: Duration = Duration::from_secs(30);

struct Ticket {
    user: String,
    groups: Vec<String>,
    service: String,
    expires: Instant,
}

#[derive(Default)]
struct State {
    tickets: Mutex<HashMap<String, Ticket>>,
    /// Who may sign in through the login form: username -> (password, groups).
    accounts: Mutex<HashMap<String, (String, Vec<String>)>>,
    validations: AtomicUsize,
    stalled: AtomicBool,
}

pub struct CasServer {
    url: String,
    state: Arc<State>,
    handle: ServerHandle,
}

impl CasServer {
    pub async fn start() -> CasServer {
        let state = Arc::new(State::default());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}/cas", listener.local_addr().unwrap().port());
        let data = Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new().app_data(data.clone()).service(
                web::scope("/cas")
                    .route("/login", web::get().to(login))
                    .route("/login", web::post().to(submit))
                    .route("/p3/serviceValidate", web::get().to(service_validate)),
            )
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        CasServer { url, state, handle }
    }

    /// The base URL, as `CAS_URL` takes it: no trailing slash.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// An account that may sign in through the login form, as a person in a browser does.
    pub fn add_account(&self, user: &str, password: &str, groups: &[&str]) {
        let groups = groups.iter().map(|g| (*g).to_owned()).collect();
        self.state.accounts.lock().unwrap().insert(user.to_owned(), (password.to_owned(), groups));
    }

    /// A service ticket for `user` with the given `groups` attribute values, good once for `service`.
    pub fn issue(&self, user: &str, groups: &[&str], service: &str) -> String {
        self.insert(user, groups, service, Instant::now() + TICKET_LIFETIME)
    }

    /// A ticket that has already expired.
    pub fn issue_expired(&self, user: &str, groups: &[&str], service: &str) -> String {
        self.insert(user, groups, service, Instant::now() - Duration::from_secs(1))
    }

    fn insert(&self, user: &str, groups: &[&str], service: &str, expires: Instant) -> String {
        let groups = groups.iter().map(|g| (*g).to_owned()).collect();
        self.state.issue(Ticket { user: user.to_owned(), groups, service: service.to_owned(), expires })
    }

    /// How many `serviceValidate` requests the server has received.
    pub fn validations(&self) -> usize {
        self.state.validations.load(Ordering::SeqCst)
    }

    /// Makes validations hang (much longer than any client timeout) instead of answering.
    pub fn stall(&self) {
        self.state.stalled.store(true, Ordering::SeqCst);
    }

    /// Stops listening and drops open connections: from now on the server is down.
    pub async fn stop(&self) {
        self.handle.stop(false).await;
    }
}

impl Drop for CasServer {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

impl State {
    fn issue(&self, ticket: Ticket) -> String {
        let id = format!("ST-{:032x}", rand::random::<u128>());
        self.tickets.lock().unwrap().insert(id.clone(), ticket);
        id
    }
}

/// Escapes text for XML element content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The login page a browser is sent to; a real server shows a form that posts back here.
async fn login(q: Query<HashMap<String, String>>) -> HttpResponse {
    let service = xml_escape(q.get("service").map(String::as_str).unwrap_or(""));
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!DOCTYPE html>\n<html><head><title>CAS - Central Authentication Service</title></head><body>\n\
         <form id=\"fm1\" method=\"post\" action=\"login?service={service}\">\n\
         <input type=\"hidden\" name=\"service\" value=\"{service}\">\n\
         <input id=\"username\" name=\"username\" type=\"text\">\n\
         <input id=\"password\" name=\"password\" type=\"password\">\n\
         <button name=\"submit\" type=\"submit\">LOGIN</button>\n</form></body></html>\n"
    ))
}

#[derive(serde::Deserialize)]
struct LoginForm {
    service: String,
    username: String,
    password: String,
}

/// CAS 3.0 §2.2: the credentials posted by the login form. Good ones send the browser back to the service with
/// a ticket; bad ones show the form again.
async fn submit(state: Data<State>, form: web::Form<LoginForm>) -> HttpResponse {
    let known = state.accounts.lock().unwrap().get(&form.username).cloned();
    let Some((_, groups)) = known.filter(|(password, _)| *password == form.password) else {
        return HttpResponse::Unauthorized()
            .content_type("text/html; charset=utf-8")
            .body("<!DOCTYPE html>\n<html><body><p>Invalid credentials.</p></body></html>\n");
    };
    let ticket = state.issue(Ticket {
        user: form.username.clone(),
        groups,
        service: form.service.clone(),
        expires: Instant::now() + TICKET_LIFETIME,
    });
    let separator = if form.service.contains('?') { '&' } else { '?' };
    HttpResponse::Found().insert_header(("Location", format!("{}{separator}ticket={ticket}", form.service))).finish()
}

fn xml(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml")
        .body(format!("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n{body}</cas:serviceResponse>\n"))
}

fn failure(code: &str, message: &str) -> HttpResponse {
    xml(format!("  <cas:authenticationFailure code=\"{code}\">{}</cas:authenticationFailure>\n", xml_escape(message)))
}

/// CAS 3.0 §2.5/2.6: validates and consumes a service ticket, answering the user and its attributes.
async fn service_validate(state: Data<State>, q: Query<HashMap<String, String>>) -> HttpResponse {
    state.validations.fetch_add(1, Ordering::SeqCst);
    if state.stalled.load(Ordering::SeqCst) {
        tokio::time::sleep(STALL).await;
    }
    let (Some(ticket), Some(service)) = (q.get("ticket"), q.get("service")) else {
        return failure("INVALID_REQUEST", "'service' and 'ticket' parameters are both required");
    };
    // Whatever the outcome, a ticket presented for validation is used up.
    let Some(entry) = state.tickets.lock().unwrap().remove(ticket) else {
        return failure("INVALID_TICKET", &format!("Ticket '{ticket}' not recognized"));
    };
    if entry.expires < Instant::now() {
        return failure("INVALID_TICKET", &format!("Ticket '{ticket}' has expired"));
    }
    if entry.service != *service {
        return failure("INVALID_SERVICE", &format!("Ticket '{ticket}' does not match supplied service"));
    }
    let groups: String =
        entry.groups.iter().map(|g| format!("        <cas:groups>{}</cas:groups>\n", xml_escape(g))).collect();
    xml(format!(
        "  <cas:authenticationSuccess>\n    <cas:user>{}</cas:user>\n    <cas:attributes>\n\
         {groups}        <cas:mail>{}@example.org</cas:mail>\n\
         <cas:isFromNewLogin>true</cas:isFromNewLogin>\n    </cas:attributes>\n  </cas:authenticationSuccess>\n",
        xml_escape(&entry.user),
        xml_escape(&entry.user),
    ))
}
