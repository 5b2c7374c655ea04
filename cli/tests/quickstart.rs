//! `scripts/quickstart` from more than one clone on one machine, its demo deployment pushed with `rolf`: each
//! clone's demo is its own, a clone sharing another's database is told whose demo it sees, and
//! `scripts/quickstart stop` stops what its clone started. Needs `cargo build --workspace --bins` first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use rolf_tests::quickstart::{QuickstartClone, is_running};
use rolf_tests::unique;
use serde_json::Value;

/// How long a push of the demo may take on a loaded two-core machine with debug builds.
const LIVENESS: Duration = Duration::from_secs(90);

/// `rolf ARGS...` against a clone's API with its admin token.
async fn rolf(clone: &QuickstartClone, args: &[&str]) -> std::process::Output {
    let config = clone.root.join(".rolf/cli-config");
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_rolf"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("XDG_CONFIG_HOME", &config)
        .env("ROLF_URL", clone.base())
        .env("ROLF_TOKEN", clone.admin_token())
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    tokio::time::timeout(LIVENESS, run).await.unwrap_or_else(|_| panic!("rolf {args:?} did not finish")).unwrap()
}

/// The demo deployment's `REPO` and `DEPLOY_DIR` settings, as the clone's API has them.
async fn demo_settings(clone: &QuickstartClone) -> (String, String) {
    let client = reqwest::Client::new();
    let get = |path: String| {
        let request = client.get(format!("{}/api/v1{path}", clone.base())).bearer_auth(clone.admin_token());
        async move {
            let resp = request.send().await.unwrap();
            assert!(resp.status().is_success(), "{}", resp.status());
            resp.json::<Value>().await.unwrap()
        }
    };
    let list = get("/deployments".into()).await;
    let demo = list.as_array().unwrap().iter().find(|d| d["application"] == "demo-app").unwrap();
    let settings = get(format!("/deployments/{}/settings", demo["id"])).await;
    let value = |name: &str| {
        let setting = settings.as_array().unwrap().iter().find(|s| s["name"] == name).unwrap();
        setting["value"].as_str().unwrap().to_owned()
    };
    (value("REPO"), value("DEPLOY_DIR"))
}

fn current_page(clone_root: &Path) -> Option<String> {
    std::fs::read_to_string(clone_root.join(".rolf/demo/www/current/index.html")).ok()
}

#[tokio::test]
async fn each_clone_has_its_own_demo_and_a_clone_sharing_a_database_is_told_whose_demo_it_sees() {
    let parent = std::env::temp_dir().join(unique("rolf-clones"));
    let main = QuickstartClone::new(&parent, "main");
    let second = QuickstartClone::new(&parent, "clone2");
    main.start();
    let started = second.start();

    // Two databases and two queues: neither clone sees the other's deployments or runs its pushes.
    assert_ne!(main.setting("DATABASE_URL"), second.setting("DATABASE_URL"));
    assert_ne!(main.setting("ROLF_QUEUE_PREFIX"), second.setting("ROLF_QUEUE_PREFIX"));
    assert!(main.setting("DATABASE_URL").contains("/rolf_main_"), "{}", main.setting("DATABASE_URL"));
    for clone in [&main, &second] {
        let demo = clone.root.join(".rolf/demo");
        let (repo, deploy_dir) = demo_settings(clone).await;
        assert_eq!(
            (repo.as_str(), deploy_dir.as_str()),
            (demo.join("repo.git").to_str().unwrap(), demo.join("www").to_str().unwrap())
        );
    }
    assert!(
        started.stdout.contains(&format!("checks out {}/.rolf/demo/repo.git", second.root.display())),
        "{started:#?}"
    );
    assert!(!started.stdout.contains("belongs to"), "{started:#?}");
    // The starter cookbook is loaded; the shared database below loads it again without duplicating a recipe.
    let starter = rolf_tests::fixtures::starter_cookbook()["recipes"].as_array().unwrap().len();
    let listed = rolf(&main, &["recipes", "list"]).await;
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert_eq!(listed.lines().filter(|l| l.contains("starter: ")).count(), starter, "{listed}");

    // A push of the second clone's demo deploys into the second clone, and only there.
    let pushed = rolf(&second, &["push", "demo-app/production", "--wait", "-c", "from clone2"]).await;
    assert_eq!(pushed.status.code(), Some(0), "{pushed:?}");
    assert_eq!(current_page(&second.root).as_deref(), Some("<h1>Hello from version 2</h1>\n"));
    assert_eq!(current_page(&main.root), None, "the main clone's demo was not deployed");

    // A clone pointed at the main clone's database is told plainly that the demo there is the main clone's,
    // and leaves it alone.
    let mut shared = QuickstartClone::new(&parent, "shared");
    shared.set_env("DATABASE_URL", &main.setting("DATABASE_URL"));
    let told = shared.start();
    assert!(told.stdout.contains(&format!("It belongs to the clone at {}", main.root.display())), "{told:#?}");
    assert!(told.stdout.contains(&format!("checks out {}/.rolf/demo/repo.git", main.root.display())), "{told:#?}");
    let main_demo = main.root.join(".rolf/demo");
    assert_eq!(demo_settings(&shared).await.0, main_demo.join("repo.git").to_str().unwrap());
    let listed = String::from_utf8(rolf(&main, &["recipes", "list"]).await.stdout).unwrap();
    assert_eq!(listed.lines().filter(|l| l.contains("starter: ")).count(), starter, "{listed}");

    // The main clone is stopped and deleted: the demo is of no clone any more, and the next start takes it over.
    let (api, worker) = (main.pid("api").unwrap(), main.pid("worker").unwrap());
    let stopped = main.run(&["stop"]);
    assert_eq!(stopped.code, Some(0), "{stopped:#?}");
    assert!(!is_running(api, "rolf-api") && !is_running(worker, "rolf-worker"), "stop stops the clone's services");
    assert!(is_running(second.pid("api").unwrap(), "rolf-api"), "and only its own: {stopped:#?}");
    std::fs::remove_dir_all(&main_demo).unwrap();
    let taken = shared.start();
    assert!(!taken.stdout.contains("belongs to"), "{taken:#?}");
    let shared_demo = shared.root.join(".rolf/demo");
    assert_eq!(demo_settings(&shared).await.0, shared_demo.join("repo.git").to_str().unwrap());

    // Port taken by another clone's quickstart: the error names that clone.
    let mut third = QuickstartClone::new(&parent, "third");
    third.set_env("ROLF_BIND", &second.bind);
    let refused = third.run(&[]);
    assert_ne!(refused.code, Some(0), "{refused:#?}");
    assert!(
        refused.stderr.contains(&format!("the quickstart of the clone at {} is running", second.root.display())),
        "{refused:#?}"
    );
    drop((third, shared, second, main));
    let _ = std::fs::remove_dir_all(&parent);
}
