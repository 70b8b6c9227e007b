//! The local engine's own API, read over its Unix socket for what a plan observes: a `docker` process costs
//! 15–20 ms of CPU before it asks anything, several times what the engine takes to answer. Only reads go this way,
//! and only where they see exactly what `docker` would: the engine `docker` would use (`--context`, `DOCKER_HOST`,
//! `DOCKER_CONTEXT`, the config's context) listens on a Unix socket, and no other program stands in for `docker`
//! (`VM_DOCKER`). Everything else (ssh and tcp engines, every change) runs `docker` itself.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::DockerEngine;

/// Reads of one engine's API through its socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineApi {
    socket: PathBuf,
    time_limit: Duration,
}

/// The engine's answer to one request.
#[derive(Debug)]
pub struct ApiAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Why a read through the socket gave no answer: the caller asks `docker` instead, which says why in its own words.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the engine's answer is not HTTP: {0}")]
    NotHttp(String),
    #[error("the engine answered {status}: {body}")]
    Refused { status: u16, body: String },
    #[error("the engine's answer is not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("the engine's answer is not what vm expects: {0}")]
    Unexpected(String),
    #[error("the engine did not answer within the time limit")]
    TimedOut,
    #[error("interrupted")]
    Interrupted,
}

/// How often a read waiting for the engine looks for an interrupt.
const INTERRUPT_CHECK: Duration = Duration::from_millis(200);

/// What must be escaped in a path segment or query value of a request. `/` and `:` stay: an image's name carries
/// them (`registry:5000/team/app:1`), and the engine takes them as they are, as `docker` sends them.
const ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b';')
    .add(b'=')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

impl EngineApi {
    /// The API of the engine `docker` would use now, where vm may read it itself; `None` where `docker` must be
    /// asked: another program stands in for it, or the engine is not on a Unix socket of this host.
    pub fn of_this_process(time_limit: Duration) -> Option<EngineApi> {
        // A pinned API version (`DOCKER_API_VERSION`) asks for answers in that version's shape: `docker` obliges.
        if std::env::var_os("VM_DOCKER").is_some()
            || std::env::var_os("DOCKER_API_VERSION").is_some()
        {
            return None;
        }
        let engine = DockerEngine::of_this_process().ok()?;
        EngineApi::of(&engine, time_limit)
    }

    /// The API of `engine`, where it listens on a Unix socket.
    pub fn of(engine: &DockerEngine, time_limit: Duration) -> Option<EngineApi> {
        let socket = engine.endpoint.strip_prefix("unix://")?;
        (!socket.is_empty()).then(|| EngineApi {
            socket: PathBuf::from(socket),
            time_limit,
        })
    }

    /// `template` with `name` escaped into it where `{}` stands: `("/containers/{}/json", id)`.
    pub fn path(template: &str, name: &str) -> String {
        template.replacen("{}", &utf8_percent_encode(name, ESCAPED).to_string(), 1)
    }

    pub fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// `value` escaped for a query string.
    pub fn query_value(value: &str) -> String {
        utf8_percent_encode(value, ESCAPED).to_string()
    }

    /// One `GET` of `path_and_query`, whatever its status, within the time limit.
    pub fn get(&self, path_and_query: &str) -> Result<ApiAnswer, ApiError> {
        let deadline = Instant::now() + self.time_limit;
        let mut stream = UnixStream::connect(&self.socket)?;
        stream.set_write_timeout(Some(self.time_limit))?;
        // HTTP/1.0: the engine answers with the whole body, never in chunks.
        write!(
            stream,
            "GET {path_and_query} HTTP/1.0\r\nHost: docker\r\nUser-Agent: vm/{}\r\nConnection: close\r\n\r\n",
            env!("CARGO_PKG_VERSION")
        )?;
        let mut answer = Vec::new();
        let mut buffer = [0u8; 64 * 1024];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ApiError::TimedOut);
            }
            // A read is safe to abandon, unlike a `docker` child that may be changing something: Ctrl-C ends it.
            stream.set_read_timeout(Some(left.min(INTERRUPT_CHECK)))?;
            match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => {
                    answer.extend_from_slice(&buffer[..read]);
                    // A proxy in front of the engine may keep the connection open after the body.
                    if answer_is_whole(&answer) {
                        break;
                    }
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock
                            | std::io::ErrorKind::TimedOut
                            | std::io::ErrorKind::Interrupted
                    ) =>
                {
                    if crate::interrupt::Interrupt::requested() {
                        return Err(ApiError::Interrupted);
                    }
                }
                Err(error) => return Err(error.into()),
            }
        }
        parse_answer(answer)
    }

    /// The JSON body of a `GET` that succeeded; `Ok(None)` where the engine has no such object (404).
    pub fn get_json(&self, path_and_query: &str) -> Result<Option<serde_json::Value>, ApiError> {
        let answer = self.get(path_and_query)?;
        match answer.status {
            200 => Ok(Some(serde_json::from_slice(&answer.body)?)),
            404 => Ok(None),
            status => Err(ApiError::Refused {
                status,
                body: String::from_utf8_lossy(&answer.body).trim().to_owned(),
            }),
        }
    }
}

/// Whether `answer` holds a whole head and the body its `Content-Length` declares.
fn answer_is_whole(answer: &[u8]) -> bool {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut headers);
    let Ok(httparse::Status::Complete(head_length)) = response.parse(answer) else {
        return false;
    };
    declared_length(response.headers).is_some_and(|length| answer.len() - head_length >= length)
}

fn declared_length(headers: &[httparse::Header<'_>]) -> Option<usize> {
    headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case("content-length"))
        .and_then(|header| std::str::from_utf8(header.value).ok()?.trim().parse().ok())
}

fn parse_answer(answer: Vec<u8>) -> Result<ApiAnswer, ApiError> {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut headers);
    let head_length = match response.parse(&answer) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => {
            return Err(ApiError::NotHttp("the answer ended in its head".to_owned()));
        }
        Err(error) => return Err(ApiError::NotHttp(error.to_string())),
    };
    let status = response
        .code
        .ok_or_else(|| ApiError::NotHttp("no status".to_owned()))?;
    let chunked = response.headers.iter().any(|header| {
        header.name.eq_ignore_ascii_case("transfer-encoding")
            && !header.value.eq_ignore_ascii_case(b"identity")
    });
    if chunked {
        return Err(ApiError::NotHttp(
            "a body in chunks, to a request that asked for none".to_owned(),
        ));
    }
    let declared_length = declared_length(response.headers);
    let mut body = answer;
    body.drain(..head_length);
    if let Some(length) = declared_length {
        if body.len() < length {
            return Err(ApiError::NotHttp(format!(
                "the body ended after {} of {length} bytes",
                body.len()
            )));
        }
        body.truncate(length);
    }
    Ok(ApiAnswer { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(endpoint: &str) -> DockerEngine {
        DockerEngine {
            context: "default".to_owned(),
            endpoint: endpoint.to_owned(),
        }
    }

    #[test]
    fn only_an_engine_on_a_unix_socket_is_read_directly() {
        let limit = Duration::from_secs(1);
        assert_eq!(
            EngineApi::of(&engine("unix:///run/user/1000/docker.sock"), limit),
            Some(EngineApi {
                socket: PathBuf::from("/run/user/1000/docker.sock"),
                time_limit: limit
            })
        );
        assert_eq!(EngineApi::of(&engine("ssh://dev@buildbox"), limit), None);
        assert_eq!(EngineApi::of(&engine("tcp://10.0.0.5:2376"), limit), None);
        assert_eq!(EngineApi::of(&engine("unix://"), limit), None);
    }

    #[test]
    fn paths_and_queries_are_escaped() {
        assert_eq!(
            EngineApi::path("/images/{}/json", "registry:5000/team/app:1 #x"),
            "/images/registry:5000/team/app:1%20%23x/json"
        );
        assert_eq!(
            EngineApi::query_value(r#"{"label":["a=b"]}"#),
            "%7B%22label%22:[%22a%3Db%22]%7D"
        );
    }

    #[test]
    fn an_answer_is_its_status_and_its_declared_body() {
        let answer = parse_answer(
            b"HTTP/1.0 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"message\":\"x\"}trailing"
                .to_vec(),
        )
        .unwrap();
        assert_eq!(answer.status, 404);
        assert_eq!(answer.body, b"{\"message\":\"x\"}");
        let unlimited =
            parse_answer(b"HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\n[1,2]".to_vec()).unwrap();
        assert_eq!((unlimited.status, unlimited.body), (200, b"[1,2]".to_vec()));
    }

    #[test]
    fn a_cut_or_chunked_answer_is_no_answer() {
        assert!(matches!(
            parse_answer(b"HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n[1]".to_vec()),
            Err(ApiError::NotHttp(_))
        ));
        assert!(matches!(
            parse_answer(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1]\r\n0\r\n\r\n"
                    .to_vec()
            ),
            Err(ApiError::NotHttp(_))
        ));
        assert!(matches!(
            parse_answer(b"HTTP/1.0 200 OK\r\nContent-".to_vec()),
            Err(ApiError::NotHttp(_))
        ));
        assert!(matches!(
            parse_answer(b"SSH-2.0-OpenSSH_9.2\r\n".to_vec()),
            Err(ApiError::NotHttp(_))
        ));
    }

    #[test]
    fn an_engine_that_never_answers_is_given_up_at_the_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("silent.sock");
        // Accepts (the backlog does) and never answers.
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let api = EngineApi {
            socket,
            time_limit: Duration::from_millis(500),
        };
        let started = Instant::now();
        let error = api.get("/_ping").unwrap_err();
        assert!(matches!(error, ApiError::TimedOut), "{error:?}");
        assert!(started.elapsed() >= Duration::from_millis(500));
    }

    #[test]
    fn a_missing_socket_is_an_error_to_fall_back_from() {
        let api = EngineApi {
            socket: PathBuf::from("/nonexistent/vm-test/docker.sock"),
            time_limit: Duration::from_secs(1),
        };
        assert!(matches!(api.get("/_ping"), Err(ApiError::Io(_))));
    }
}
