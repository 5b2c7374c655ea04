//! Per-test databases: the migrations are applied once to a template named after their content hash, and
//! each test clones it (`CREATE DATABASE ... TEMPLATE`), which takes milliseconds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use diesel::sql_query;
use rolf_common::db;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

pub fn server_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// Hash of every migration file, so a changed migration gets a fresh template.
fn migrations_hash() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut entries: Vec<_> = walk(&root);
    entries.sort();
    let mut hasher = Sha256::new();
    for path in entries {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&path).unwrap());
    }
    hex::encode(&hasher.finalize()[..8])
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

fn admin_conn() -> PgConnection {
    db::connect(&format!("{}/postgres", server_url())).expect("connect to the test Postgres server")
}

fn exists(conn: &mut PgConnection, name: &str) -> bool {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let row: Count = sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result(conn)
        .unwrap();
    row.n > 0
}

/// Creates the template once per machine; an advisory lock keeps parallel test binaries from racing.
fn build_template() -> String {
    let name = format!("rolf_test_template_{}", migrations_hash());
    let mut conn = admin_conn();
    sql_query("SELECT pg_advisory_lock(727172)").execute(&mut conn).unwrap();
    if !exists(&mut conn, &name) {
        let building = format!("{name}_building");
        sql_query(format!("DROP DATABASE IF EXISTS {building}")).execute(&mut conn).unwrap();
        sql_query(format!("CREATE DATABASE {building}")).execute(&mut conn).unwrap();
        let mut tpl = db::connect(&format!("{}/{building}", server_url())).unwrap();
        db::migrate(&mut tpl).unwrap();
        drop(tpl);
        sql_query(format!("ALTER DATABASE {building} RENAME TO {name}")).execute(&mut conn).unwrap();
    }
    sql_query("SELECT pg_advisory_unlock(727172)").execute(&mut conn).unwrap();
    name
}

/// A database of one's own, dropped when the value is.
pub struct TestDb {
    pub name: String,
    pub url: String,
    /// Created by the harness on the shared server, so dropped with this value.
    owned: bool,
}

impl TestDb {
    /// A migrated database.
    pub async fn create() -> TestDb {
        let template =
            TEMPLATE.get_or_init(|| async { tokio::task::spawn_blocking(build_template).await.unwrap() }).await.clone();
        Self::from_template(Some(template)).await
    }

    /// An empty database (no migrations), for migration tests.
    pub async fn empty() -> TestDb {
        Self::from_template(None).await
    }

    async fn from_template(template: Option<String>) -> TestDb {
        let name = crate::unique("rolf_test_db");
        let sql = match &template {
            Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
            None => format!("CREATE DATABASE {name}"),
        };
        tokio::task::spawn_blocking(move || {
            let mut conn = admin_conn();
            // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template; only
            // build_template connects, and only before the template has its final name.
            sql_query(sql).execute(&mut conn).unwrap();
        })
        .await
        .unwrap();
        let url = format!("{}/{name}", server_url());
        TestDb { name, url, owned: true }
    }

    /// A database the test made elsewhere (on a throwaway server); left alone on drop.
    pub fn external(url: String) -> TestDb {
        let name = url.rsplit('/').next().unwrap_or_default().to_owned();
        TestDb { name, url, owned: false }
    }

    pub fn conn(&self) -> PgConnection {
        db::connect(&self.url).unwrap()
    }

    /// Runs blocking diesel code against this database.
    pub async fn with<T: Send + 'static>(&self, f: impl FnOnce(&mut PgConnection) -> T + Send + 'static) -> T {
        let url = self.url.clone();
        tokio::task::spawn_blocking(move || f(&mut db::connect(&url).unwrap())).await.unwrap()
    }

    /// A token for an admin service account, as `rolf-api create-token --admin` makes it.
    pub async fn admin_token(&self, name: &str) -> String {
        let name = name.to_owned();
        self.with(move |conn| {
            conn.transaction(|conn| rolf_common::access::tokens::create_bootstrap(conn, &name)).unwrap()
        })
        .await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        let name = self.name.clone();
        // Drop may run inside a runtime; a plain thread keeps it off the async executor.
        let _ = std::thread::spawn(move || {
            let mut conn = admin_conn();
            let _ = sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
        })
        .join();
    }
}
