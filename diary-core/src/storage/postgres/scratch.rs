//! A schema of a test's own on the test server (`DIARY_TEST_POSTGRES`,
//! started by tests/run.sh), dropped when the test ends.

use postgres::{Client, Config, NoTls};
use std::sync::atomic::{AtomicU32, Ordering};

/// A schema of the test's own on the test server.
pub(crate) struct Scratch {
    config: Config,
    name: String,
}

impl Scratch {
    pub(crate) fn new() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let url = std::env::var("DIARY_TEST_POSTGRES").expect(
            "DIARY_TEST_POSTGRES: a postgresql:// URL of a test server (tests/run.sh starts one)",
        );
        let name = format!(
            "scratch_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut config: Config = url
            .parse()
            .expect("DIARY_TEST_POSTGRES is a postgresql:// URL");
        let mut admin = config.connect(NoTls).expect("connect to the test server");
        admin
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
        config.options(&format!("-c search_path={name}"));
        Scratch { config, name }
    }

    /// A new connection whose current schema is this one.
    pub(crate) fn client(&self) -> Client {
        self.config
            .connect(NoTls)
            .expect("connect to the test server")
    }

    pub(crate) fn version(&self) -> i64 {
        self.client()
            .query_one("SELECT version FROM diary_schema", &[])
            .unwrap()
            .get(0)
    }

    pub(crate) fn tables(&self) -> i64 {
        self.client()
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                &[],
            )
            .unwrap()
            .get(0)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut c) = self.config.connect(NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}
