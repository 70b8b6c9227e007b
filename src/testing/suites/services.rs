//! Services from vm.json's catalog, built into the machine's image: each comes up healthy and answers on its port
//! from the host, speaking its own protocol.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use crate::plan::PlanKind;
use crate::testing::{
    Requirement, Suite, TestCase, TestContext, TestFailure, TestResult, ensure, ensure_eq,
};

pub const SUITE: Suite = Suite {
    name: "services",
    description: "postgresql, mysql and redis come up healthy and answer on their ports from the host",
    tests,
};

fn tests() -> Vec<TestCase> {
    vec![TestCase::new(
        "services",
        "each_service_is_healthy_and_answers_from_the_host",
        Requirement::DockerEngine,
        each_service_is_healthy_and_answers_from_the_host,
    )]
}

/// A port nothing on this host listens on now: services publish their port on the host as it is in the machine,
/// and two runs at once must not ask for the same one.
fn free_port() -> Result<u16, TestFailure> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Sends `request` (if any) to `port` on the host and reads the first bytes of the answer.
fn ask(port: u16, request: &[u8]) -> Result<Vec<u8>, TestFailure> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|error| {
        TestFailure::new(format!("nothing answers on 127.0.0.1:{port}: {error}"))
    })?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(request)?;
    let mut answer = vec![0; 64];
    let read = stream
        .read(&mut answer)
        .map_err(|error| TestFailure::new(format!("127.0.0.1:{port} said nothing: {error}")))?;
    answer.truncate(read);
    Ok(answer)
}

fn each_service_is_healthy_and_answers_from_the_host(ctx: &mut TestContext) -> TestResult {
    let (postgresql, mysql, redis) = (free_port()?, free_port()?, free_port()?);
    let project = ctx.project(&format!(
        r#"{{
  "project": {{ "name": "NAME" }},
  "vm": {{ "memory": 1536, "cpus": 1 }},
  "services": {{
    "postgresql": {{ "enabled": true, "port": {postgresql} }},
    "mysql": {{ "enabled": true, "port": {mysql} }},
    "redis": {{ "enabled": true, "port": {redis} }}
  }}
}}"#
    ))?;
    project.apply(ctx, PlanKind::Apply)?;
    // Each service's health is observed with the machine: a converged plan means every one is running.
    project.ensure_converged(ctx)?;

    ensure_eq(
        "redis's answer to PING",
        ask(redis, b"PING\r\n")?,
        b"+PONG\r\n".to_vec(),
    )?;
    // PostgreSQL answers an SSLRequest with one byte: `S` or `N`.
    let answer = ask(postgresql, &[0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])?;
    ensure(matches!(answer.as_slice(), [b'S'] | [b'N']), || {
        format!("postgresql's answer to an SSLRequest: {answer:?}")
    })?;
    // A MySQL server speaks first: a handshake packet of protocol version 10 after its 4-byte header.
    let greeting = ask(mysql, &[])?;
    ensure(greeting.get(4) == Some(&10), || {
        format!("mysql's greeting: {greeting:?}")
    })?;

    let urls = project.exec(ctx, "echo \"$REDIS_URL\"")?;
    urls.ensure_success()?;
    ensure_eq(
        "REDIS_URL in the machine",
        urls.stdout,
        format!("redis://localhost:{redis}\n"),
    )
}
