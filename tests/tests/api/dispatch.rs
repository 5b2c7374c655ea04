//! The dispatcher (`rolf_common::dispatch`) hands a push to the queue only when it can start: a push queued behind
//! a running push of its deployment gets no job until that push ends, then exactly one; and any process that
//! sweeps gives a startable push whose job was lost a new one.

use std::time::{Duration, Instant};

use rolf_common::config::DbConfig;
use rolf_common::db::Db;
use rolf_common::dispatch::Dispatcher;
use rolf_common::ids::{DeploymentId, PushId};
use rolf_common::pushes::{PushStatus, run};
use rolf_common::queue::{PushQueue, Queues, worker_name};
use rolf_common::workers::DEFAULT_POOL;
use rolf_tests::fixtures::{bash, deployment_with};
use rolf_tests::{TestApp, forget_queue, unique};
use serde_json::json;
use tokio::sync::{mpsc, oneshot};

async fn push(app: &TestApp, deployment: i64) -> PushId {
    let reply = app.post(&format!("/api/v1/deployments/{deployment}/pushes"), &app.admin_token, json!({})).await;
    assert_eq!(reply.status, 202, "{reply:?}");
    PushId(reply.id())
}

/// A queue of the test's own, emptied from Redis when the test ends, failed or not.
struct OwnQueue {
    redis_url: String,
    prefix: String,
}

impl Drop for OwnQueue {
    fn drop(&mut self) {
        let (url, prefix) = (self.redis_url.clone(), self.prefix.clone());
        let _ = std::thread::spawn(move || forget_queue(&url, &prefix)).join();
    }
}

/// Every job on `queue` up to `last`, in order: `last` is enqueued after the others, and one consumer taking one
/// job at a time delivers them first.
async fn jobs_before(queue: &PushQueue, last: PushId) -> Vec<PushId> {
    queue.enqueue(last).await.unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stopped.await;
    };
    let consumer = tokio::spawn(queue.consume(&worker_name(), 1, shutdown, move |push| {
        let _ = tx.send(push);
        std::future::ready(())
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut jobs = Vec::new();
    loop {
        let push = tokio::time::timeout_at(deadline, rx.recv()).await.expect("the queue was not drained in 20 s");
        match push.unwrap() {
            push if push == last => break,
            push => jobs.push(push),
        }
    }
    stop.send(()).unwrap();
    consumer.await.unwrap().unwrap();
    jobs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_behind_a_running_push_gets_no_job_until_that_one_ends_then_exactly_one() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "dispatched", &[bash("work", "true")]).await;
    // The test's own dispatcher and queue: the API's (on the API's queue) act on their own, and its sweeps could
    // otherwise queue the second push in the moment between the first's end and `ended`, a harmless duplicate.
    let own = OwnQueue { redis_url: app.redis_url.clone(), prefix: unique("dispatch") };
    let db = Db::new(&DbConfig { database_url: app.db.url.clone(), pool_size: 2 }).unwrap();
    let dispatcher = Dispatcher::new(db, Queues::new(&own.redis_url, &own.prefix), Duration::from_secs(30));
    let queue = PushQueue::connect(&own.redis_url, &own.prefix).await.unwrap();

    let first = push(&app, d).await;
    dispatcher.created(first).await;
    assert!(queue.is_enqueued(first).await.unwrap(), "a push that can start is queued as it is made");
    let pools = vec![DEFAULT_POOL.to_owned()];
    let claimed = app.db.with(move |conn| run::claim(conn, first, "test-worker", &pools).unwrap()).await;
    assert!(claimed.is_some(), "a worker runs the first push");

    let second = push(&app, d).await;
    dispatcher.created(second).await;
    assert!(!queue.is_enqueued(second).await.unwrap(), "a push behind a running one gets no job");
    dispatcher.sweep().await;
    assert!(!queue.is_enqueued(second).await.unwrap(), "nor does a sweep give it one");

    let ended =
        app.db.with(move |conn| run::finish(conn, first, "test-worker", PushStatus::Succeeded, None, None).unwrap());
    assert!(ended.await, "the first push ends");
    dispatcher.ended(Some(DeploymentId(d))).await;
    assert!(queue.is_enqueued(second).await.unwrap(), "the next push is queued once the first ended");
    dispatcher.sweep().await;

    let jobs = jobs_before(&queue, PushId(i64::MAX)).await;
    assert_eq!(jobs, vec![first, second], "one job for each push");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_alone_gives_a_push_whose_job_was_lost_a_new_one() {
    let app = TestApp::spawn().await;
    let (d, _) = deployment_with(&app, "flushed", &[bash("work", "true")]).await;
    let queue = PushQueue::connect(&app.redis_url, &app.queue_prefix).await.unwrap();
    let id = push(&app, d).await;
    assert!(queue.is_enqueued(id).await.unwrap());

    // What a Redis flush does to this queue; no worker runs, so only the API's sweep can queue it again.
    let (url, prefix) = (app.redis_url.clone(), app.queue_prefix.clone());
    tokio::task::spawn_blocking(move || forget_queue(&url, &prefix)).await.unwrap();
    assert!(!queue.is_enqueued(id).await.unwrap());
    let deadline = Instant::now() + Duration::from_secs(20);
    while !queue.is_enqueued(id).await.unwrap() {
        assert!(Instant::now() < deadline, "the API did not queue the push again within 20 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
