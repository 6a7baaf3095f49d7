//! The real `shopdeck` binary: start-up, graceful shutdown, and several processes sharing one
//! PostgreSQL database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use shopdeck_domain::jobs::JobStatus;
use shopdeck_testkit::{TestApp, TestBackend};

use crate::support::plain_tests;

plain_tests!(
    serve_prints_its_address_and_stops_cleanly_on_sigterm,
    two_processes_share_one_postgres_database_and_its_job_queue,
);

/// A running `shopdeck serve`, killed (as by `kill -9`) when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) base: String,
    stdout: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Server {
    start_with(args, &[])
}

/// `shopdeck serve` with these arguments and environment variables, once it listens.
pub(crate) fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shopdeck"))
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env("SHOPDECK_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start shopdeck");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut base = None;
    // The address line, then the line telling where to open.
    while !seen.iter().any(|l: &String| l.starts_with("Open ")) {
        assert!(
            Instant::now() < deadline,
            "shopdeck did not start: {seen:?}"
        );
        let line = lines
            .next()
            .expect("shopdeck exited before listening")
            .expect("read stdout");
        if let Some(addr) = line.strip_prefix("Shopdeck is listening on ") {
            base = Some(addr.trim().to_owned());
        }
        seen.push(line);
    }
    let base = base.expect("an address line");
    // Keep draining stdout so the process never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base,
        stdout: seen,
    }
}

fn signal_term(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("run kill")
        .success();
    assert!(ok);
}

async fn serve_prints_its_address_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = start(&["--demo", "--data-dir", dir.path().to_str().unwrap()]);
    assert!(
        s.stdout.iter().any(|l| l.contains("/seller/login")),
        "{:?}",
        s.stdout
    );
    let http = reqwest::Client::new();
    let login = http
        .get(format!("{}/seller/login", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert!(login.text().await.unwrap().contains("<form"));
    assert!(
        dir.path().join("shopdeck.db").exists(),
        "the SQLite file is in --data-dir"
    );
    let r = http
        .post(format!("{}/api/v1/password-resets", s.base))
        .json(&json!({"email": "owner@maple-pine.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    signal_term(&s.child);
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            Instant::now() < deadline,
            "shopdeck did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    // The development outbox has the email, and `shopdeck outbox` prints it.
    let out = Command::new(env!("CARGO_BIN_EXE_shopdeck"))
        .args([
            "outbox",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--to",
            "owner@maple-pine.example",
        ])
        .env("SHOPDECK_LOG", "warn")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("Subject: Reset your Shopdeck password"),
        "{text}"
    );
    let has_code = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 6);
    assert!(has_code, "{text}");
}

async fn two_processes_share_one_postgres_database_and_its_job_queue() {
    let t = TestApp::new(TestBackend::Postgres).await;
    let url = t.db.url.clone();
    // Each process has its own folder for uploads; the database is what they share.
    let (dir_a, dir_z) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = start(&[
        "--database-url",
        &url,
        "--demo",
        "--data-dir",
        dir_a.path().to_str().unwrap(),
    ]);
    let z = start(&[
        "--database-url",
        &url,
        "--data-dir",
        dir_z.path().to_str().unwrap(),
    ]);
    let http = reqwest::Client::new();
    for s in [&a, &z] {
        assert_eq!(
            http.get(format!("{}/readyz", s.base))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    // A session opened through one process works through the other.
    let r = http
        .post(format!("{}/api/v1/sessions", a.base))
        .json(&json!({"login": "ops@shopdeck.example", "password": "shopdeck-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let token = r.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = http
        .get(format!("{}/api/v1/me", z.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    // A seller's price change through one process reaches the other's storefront (and its
    // cache) within a second.
    let owner = http
        .post(format!("{}/api/v1/sessions", a.base))
        .json(&json!({"login": "owner@maple-pine.example", "password": "shopdeck-demo"}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let read = |base: &str, path: &str| {
        let req = http.get(format!("{base}{path}"));
        async move {
            req.send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let shop = http
        .get(format!("{}/api/v1/shop", a.base))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let list = read(
        &z.base,
        &format!(
            "/api/v1/storefront/products?seller_id={}",
            shop["id"].as_str().unwrap()
        ),
    )
    .await;
    let path = format!(
        "/api/v1/storefront/products/{}",
        list["data"][0]["id"].as_str().unwrap()
    );
    let page = read(&z.base, &path).await;
    let sku = &page["skus"][0];
    let price = sku["price"]["amount"].as_i64().unwrap() + 1;
    let r = http
        .patch(format!(
            "{}/api/v1/shop/skus/{}",
            a.base,
            sku["id"].as_str().unwrap()
        ))
        .bearer_auth(&owner)
        .json(&json!({"price": {"amount": price, "currency": sku["price"]["currency"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let changed = Instant::now();
    while read(&z.base, &path).await["skus"][0]["price"]["amount"] != price {
        assert!(
            changed.elapsed() < Duration::from_secs(1),
            "the other process still shows the old price"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Jobs queued in the shared database are each run once, by one of the two workers.
    let mut ids = Vec::new();
    {
        let mut tx = t.app.db.begin().await.unwrap();
        let now = jiff::Timestamp::now();
        for _ in 0..40 {
            let id = shopdeck_app::jobs::enqueue(
                &t.app,
                &mut tx,
                shopdeck_app::worker::PURGE_EXPIRED,
                json!({}),
                now,
                None,
            )
            .await
            .unwrap()
            .unwrap();
            ids.push(id);
        }
        tx.commit().await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let mut conn = t.app.db.conn().await.unwrap();
        let jobs = shopdeck_store::jobs::list_jobs(
            &mut conn,
            Some(shopdeck_app::worker::PURGE_EXPIRED),
            500,
        )
        .await
        .unwrap();
        let ours: Vec<_> = jobs.into_iter().filter(|j| ids.contains(&j.id)).collect();
        if ours.iter().all(|j| j.status == JobStatus::Succeeded) {
            break ours;
        }
        assert!(Instant::now() < deadline, "jobs not finished: {ours:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(done.len(), 40);
    assert!(
        done.iter().all(|j| j.attempts == 1),
        "a job ran twice: {done:?}"
    );
    let workers: std::collections::BTreeSet<_> =
        done.iter().filter_map(|j| j.locked_by.clone()).collect();
    assert!(!workers.is_empty() && workers.len() <= 2, "{workers:?}");
    drop((a, z));
}
