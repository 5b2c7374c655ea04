//! The push queue against the local Redis. Each test uses its own random prefix and removes that prefix's keys
//! when it ends, even when it fails, so tests run in parallel next to everything else using the same Redis.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apalis::prelude::TaskSink;
use redis::Commands;
use rolf_common::ids::PushId;
use rolf_common::queue::{PushQueue, worker_name};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::timeout;

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// A queue under a fresh prefix; dropping it deletes every key of that prefix.
struct TestQueue {
    queue: PushQueue,
    prefix: String,
}

impl TestQueue {
    async fn new() -> TestQueue {
        let prefix = format!("test_{:016x}", rand::random::<u64>());
        let queue = PushQueue::connect(&redis_url(), &prefix).await.unwrap();
        TestQueue { queue, prefix }
    }

    /// The prefix's keys: the markers (`<prefix>:...`) and apalis' (`<prefix>-pushes:...`).
    fn keys(&self) -> Vec<String> {
        let mut conn = redis::Client::open(redis_url()).unwrap().get_connection().unwrap();
        let mut keys = Vec::new();
        for pattern in [format!("{}:*", self.prefix), format!("{}:*", self.queue.name())] {
            let found: Vec<String> = conn.scan_match(&pattern).unwrap().map(|k| k.unwrap()).collect();
            keys.extend(found);
        }
        keys
    }

    /// What a consumer leaves behind: every key but `<queue>:signal`, a one-element list apalis writes on some
    /// fetches and never reads.
    fn leftovers(&self) -> Vec<String> {
        let signal = format!("{}:signal", self.queue.name());
        self.keys().into_iter().filter(|k| *k != signal).collect()
    }

    fn delete_keys(&self) {
        let mut conn = redis::Client::open(redis_url()).unwrap().get_connection().unwrap();
        for key in self.keys() {
            redis::cmd("DEL").arg(&key).exec(&mut conn).unwrap();
        }
        let workers = format!("{}:workers", self.queue.name());
        redis::cmd("ZREM").arg("core:apalis:queues:list").arg(workers).exec(&mut conn).unwrap();
    }

    /// Starts a consumer; the returned sender stops it.
    fn consume<F, Fut>(&self, concurrency: usize, handler: F) -> Consumer
    where
        F: Fn(PushId) -> Fut + Send + Sync + Clone + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let task = tokio::spawn(self.queue.consume(&worker_name(), concurrency, shutdown, handler));
        Consumer { stop, task }
    }
}

impl Drop for TestQueue {
    fn drop(&mut self) {
        self.delete_keys();
    }
}

struct Consumer {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), rolf_common::queue::QueueError>>,
}

impl Consumer {
    async fn stop(self) {
        self.stop.send(()).unwrap();
        timeout(Duration::from_secs(10), self.task).await.unwrap().unwrap().unwrap();
    }
}

/// A handler that reports each push id it is given.
fn reporting()
-> (impl Fn(PushId) -> std::future::Ready<()> + Send + Sync + Clone + 'static, mpsc::UnboundedReceiver<PushId>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let handler = move |push: PushId| {
        tx.send(push).unwrap();
        std::future::ready(())
    };
    (handler, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<PushId>) -> PushId {
    timeout(Duration::from_secs(10), rx.recv()).await.expect("no job delivered within 10 s").unwrap()
}

/// Nothing more arrives for a while.
async fn assert_quiet(rx: &mut mpsc::UnboundedReceiver<PushId>) {
    if let Ok(Some(push)) = timeout(Duration::from_millis(300), rx.recv()).await {
        panic!("push {push} delivered again");
    }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

#[test]
fn push_queue_is_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<PushQueue>();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enqueued_push_is_delivered_once_and_its_marker_removed() {
    let t = TestQueue::new().await;
    t.queue.enqueue(PushId(7)).await.unwrap();
    assert!(t.queue.is_enqueued(PushId(7)).await.unwrap());
    assert!(!t.queue.is_enqueued(PushId(8)).await.unwrap());

    let (handler, mut rx) = reporting();
    let consumer = t.consume(1, handler);
    assert_eq!(next(&mut rx).await, PushId(7));
    assert!(!t.queue.is_enqueued(PushId(7)).await.unwrap(), "the marker goes before the handler runs");
    assert_quiet(&mut rx).await;
    consumer.stop().await;

    // A clean stop leaves nothing behind: the job's records are vacuumed and the worker unregistered.
    assert_eq!(t.leftovers(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_pushes_are_each_delivered_once() {
    let t = TestQueue::new().await;
    let (handler, mut rx) = reporting();
    let consumer = t.consume(4, handler);
    let started = Instant::now();
    let mut enqueues = tokio::task::JoinSet::new();
    for id in 1..=200 {
        let queue = t.queue.clone();
        enqueues.spawn(async move { queue.enqueue(PushId(id)).await });
    }
    while let Some(result) = enqueues.join_next().await {
        result.unwrap().unwrap();
    }
    let mut seen = Vec::new();
    while seen.len() < 200 {
        seen.push(next(&mut rx).await.0);
    }
    println!("200 pushes enqueued and delivered in {:?}", started.elapsed());
    assert_quiet(&mut rx).await;
    consumer.stop().await;

    assert_eq!(seen.len(), 200);
    let unique: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique, (1..=200).collect::<BTreeSet<i64>>());
    assert_eq!(t.leftovers(), Vec::<String>::new(), "finished jobs are vacuumed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumers_in_one_process_share_the_queue() {
    let t = TestQueue::new().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (a, b) = (tx.clone(), tx);
    let first = t.consume(2, move |push| {
        a.send(("a", push)).unwrap();
        tokio::time::sleep(Duration::from_millis(20))
    });
    let second = t.consume(2, move |push| {
        b.send(("b", push)).unwrap();
        tokio::time::sleep(Duration::from_millis(20))
    });
    for id in 1..=40 {
        t.queue.enqueue(PushId(id)).await.unwrap();
    }
    let mut seen = Vec::new();
    while seen.len() < 40 {
        seen.push(timeout(Duration::from_secs(10), rx.recv()).await.unwrap().unwrap());
    }
    first.stop().await;
    second.stop().await;

    let ids: BTreeSet<i64> = seen.iter().map(|(_, push)| push.0).collect();
    assert_eq!(ids, (1..=40).collect::<BTreeSet<i64>>());
    assert!(seen.iter().any(|(by, _)| *by == "a") && seen.iter().any(|(by, _)| *by == "b"), "{seen:?}");
    assert_eq!(t.leftovers(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_consumer_starts_a_job_within_milliseconds() {
    let t = TestQueue::new().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let consumer = t.consume(1, move |push| {
        tx.send((push, Instant::now())).unwrap();
        std::future::ready(())
    });
    // Let the consumer register and go idle.
    t.queue.enqueue(PushId(0)).await.unwrap();
    timeout(Duration::from_secs(10), rx.recv()).await.unwrap().unwrap();

    let mut latencies = Vec::new();
    for id in 1..=50 {
        // Odd gaps, so enqueues land at every phase of the poll interval.
        tokio::time::sleep(Duration::from_millis(10 + (id * 7 % 13) as u64)).await;
        let enqueued = Instant::now();
        t.queue.enqueue(PushId(id)).await.unwrap();
        let (push, started) = timeout(Duration::from_secs(10), rx.recv()).await.unwrap().unwrap();
        assert_eq!(push, PushId(id));
        latencies.push(started - enqueued);
    }
    consumer.stop().await;

    latencies.sort();
    let (p50, p99, max) = (percentile(&latencies, 50), percentile(&latencies, 99), latencies[latencies.len() - 1]);
    println!("enqueue -> handler start over 50 jobs: p50 {p50:?}, p99 {p99:?}, max {max:?}");
    assert!(p50 < Duration::from_millis(50), "p50 {p50:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_more_handlers_run_at_once_than_the_concurrency() {
    let t = TestQueue::new().await;
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let consumer = t.consume(2, {
        let (running, most) = (running.clone(), most.clone());
        move |push| {
            let (running, most, tx) = (running.clone(), most.clone(), tx.clone());
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(200)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                tx.send(push).unwrap();
            }
        }
    });
    for id in 1..=6 {
        t.queue.enqueue(PushId(id)).await.unwrap();
    }
    let started = Instant::now();
    for _ in 0..6 {
        next(&mut rx).await;
    }
    let elapsed = started.elapsed();
    consumer.stop().await;

    assert_eq!(most.load(Ordering::SeqCst), 2, "at most 2 at once, and 2 did run together");
    assert!(elapsed >= Duration::from_millis(580), "6 jobs of 200 ms, 2 at a time, took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_running_handler_finish_and_takes_no_new_job() {
    let t = TestQueue::new().await;
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let finished = Arc::new(Mutex::new(Vec::new()));
    let consumer = t.consume(1, {
        let finished = finished.clone();
        move |push| {
            let (started_tx, finished) = (started_tx.clone(), finished.clone());
            async move {
                started_tx.send(push).unwrap();
                tokio::time::sleep(Duration::from_millis(500)).await;
                finished.lock().unwrap().push(push);
            }
        }
    });
    t.queue.enqueue(PushId(1)).await.unwrap();
    assert_eq!(next(&mut started).await, PushId(1));

    consumer.stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    t.queue.enqueue(PushId(2)).await.unwrap();
    timeout(Duration::from_secs(10), consumer.task).await.unwrap().unwrap().unwrap();
    assert_eq!(*finished.lock().unwrap(), vec![PushId(1)], "push 1 finished before consume returned");
    assert!(started.try_recv().is_err(), "no job started after shutdown");

    // The job that arrived during shutdown waits for the next consumer.
    assert!(t.queue.is_enqueued(PushId(2)).await.unwrap());
    let (handler, mut rx) = reporting();
    let next_consumer = t.consume(1, handler);
    assert_eq!(next(&mut rx).await, PushId(2));
    next_consumer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_the_queue_keys_clears_the_markers() {
    let t = TestQueue::new().await;
    for id in 1..=3 {
        t.queue.enqueue(PushId(id)).await.unwrap();
        assert!(t.queue.is_enqueued(PushId(id)).await.unwrap());
    }
    // What FLUSHALL does to this queue, without flushing the Redis other tests share.
    t.delete_keys();
    assert_eq!(t.keys(), Vec::<String>::new());
    for id in 1..=3 {
        assert!(!t.queue.is_enqueued(PushId(id)).await.unwrap());
    }

    // The queue works again afterwards, with nothing left from before.
    let (handler, mut rx) = reporting();
    let consumer = t.consume(1, handler);
    t.queue.enqueue(PushId(4)).await.unwrap();
    assert_eq!(next(&mut rx).await, PushId(4));
    assert_quiet(&mut rx).await;
    consumer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_is_not_retried_and_the_consumer_goes_on() {
    let t = TestQueue::new().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let consumer = t.consume(1, move |push: PushId| {
        tx.send(push).unwrap();
        async move {
            assert_ne!(push, PushId(1), "handler fails on push 1");
        }
    });
    t.queue.enqueue(PushId(1)).await.unwrap();
    assert_eq!(next(&mut rx).await, PushId(1));
    t.queue.enqueue(PushId(2)).await.unwrap();
    assert_eq!(next(&mut rx).await, PushId(2));
    // apalis would retry a failed job after about a second, up to 25 times.
    if let Ok(Some(push)) = timeout(Duration::from_millis(2500), rx.recv()).await {
        panic!("push {push} delivered again");
    }
    consumer.stop().await;
    assert_eq!(t.leftovers(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_is_not_a_push_job_is_dropped() {
    let t = TestQueue::new().await;
    let config = apalis_redis::Config::default().queue(t.queue.name());
    let conn = apalis_redis::connect(redis_url()).await.unwrap();
    let mut raw = apalis_redis::RedisStorage::<serde_json::Value>::new(conn).with_config(config);
    raw.push(serde_json::json!({ "not": "a push" })).await.unwrap();
    t.queue.enqueue(PushId(5)).await.unwrap();

    let (handler, mut rx) = reporting();
    let consumer = t.consume(1, handler);
    assert_eq!(next(&mut rx).await, PushId(5));
    assert_quiet(&mut rx).await;
    consumer.stop().await;
    assert_eq!(t.leftovers(), Vec::<String>::new());
}

#[tokio::test]
async fn prefixes_with_colons_are_refused() {
    let err = PushQueue::connect(&redis_url(), "rolf:pushes").await.unwrap_err();
    assert!(matches!(err, rolf_common::queue::QueueError::InvalidPrefix(_)), "{err}");
}
