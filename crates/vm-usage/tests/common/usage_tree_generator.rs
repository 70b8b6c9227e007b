//! Claude Code transcript trees with known totals: the ground truth `vm usage` must find.
//!
//! The generator counts every response as it writes it, by its own rules (the first well-formed
//! copy of each `message.id` + `requestId`, across all files), and never calls the reader: a
//! mistake in one shows up as a difference from the other.
//!
//! What it writes imitates Claude Code 2.0.x (as the Python generator this one replaces did, which
//! lived outside the repository): user prompts, responses split one content block per line (all
//! copies sharing ids and usage), tool results, summaries, snapshots, compaction notes,
//! `<synthetic>` lines; exact re-writes of a response line; sessions that resume an earlier one
//! and copy some of its responses into their own file (duplicates across files); and malformed
//! lines (cut short, garbage bytes, cut right after `"usage":{`, a last line without its end).
//! Dates are UTC. Every prompt stays below 200k tokens of each kind, so no long-context rate
//! applies. The same options give the same bytes.
//!
//! Shared by `tests/ground_truth.rs` and `examples/generate-usage-tree.rs` (for
//! `scripts/bench-usage`).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

/// The shape and seed of a tree.
#[derive(Debug, Clone)]
pub struct GeneratorOptions {
    pub vms: usize,
    pub sessions_per_vm: usize,
    /// The mean number of lines of a session file; each gets 0.5 to 1.5 times as many.
    pub lines_per_session: usize,
    pub seed: u64,
    /// How many days, up to `2026-11-20` UTC, the responses spread over.
    pub days: u64,
    /// The share of lines written malformed.
    pub malformed_rate: f64,
    /// The share of responses with one of their lines written twice in a row.
    pub rewrite_rate: f64,
    /// The share of sessions that resume the VM's previous session, copying some of its lines.
    pub resume_rate: f64,
}

impl Default for GeneratorOptions {
    fn default() -> Self {
        GeneratorOptions {
            vms: 3,
            sessions_per_vm: 7,
            lines_per_session: 120,
            seed: 7,
            days: 20,
            malformed_rate: 0.01,
            rewrite_rate: 0.1,
            resume_rate: 0.3,
        }
    }
}

/// Token sums, responses and exact cost of a group of responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub input: u64,
    pub output: u64,
    pub cache_creation: u64,
    pub cache_read: u64,
    pub responses: u64,
    pub cost_picodollars: u128,
}

impl Figures {
    pub fn total_tokens(&self) -> u64 {
        self.input + self.output + self.cache_creation + self.cache_read
    }

    pub fn cost_usd(&self) -> f64 {
        self.cost_picodollars as f64 / 1e12
    }

    /// Adds the figures of another group.
    pub fn absorb(&mut self, other: &Figures) {
        self.input += other.input;
        self.output += other.output;
        self.cache_creation += other.cache_creation;
        self.cache_read += other.cache_read;
        self.responses += other.responses;
        self.cost_picodollars += other.cost_picodollars;
    }

    fn add(&mut self, response: &Response) {
        self.input += response.input;
        self.output += response.output;
        self.cache_creation += response.cache_write_5m + response.cache_write_1h;
        self.cache_read += response.cache_read;
        self.responses += 1;
        self.cost_picodollars += response.cost_picodollars();
    }
}

/// What a generated tree holds, counted as it was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroundTruth {
    pub files: u64,
    pub bytes: u64,
    pub lines: u64,
    pub malformed_lines: u64,
    /// Well-formed copies of a response already counted (re-writes, split blocks, resumed sessions).
    pub duplicate_lines: u64,
    /// Duplicate lines that are in another file than the response's first copy.
    pub duplicates_across_files: u64,
    pub totals: Figures,
    pub by_vm: BTreeMap<String, Figures>,
    pub by_model: BTreeMap<String, Figures>,
    /// By UTC date, `YYYY-MM-DD`.
    pub by_day: BTreeMap<String, Figures>,
    /// By 5-hour block, as ccusage cuts them (see [`blocks_of`]), named by their start
    /// (`2026-11-19T08:00:00.000Z`).
    pub by_block: BTreeMap<String, Figures>,
    /// The time of each response counted, in Unix milliseconds, and its figures.
    pub timeline: Vec<(i64, Figures)>,
    /// The `vms/<vm>` directories, for `CLAUDE_CONFIG_DIR` of ccusage.
    pub vm_dirs: Vec<String>,
}

pub const SONNET: &str = "claude-sonnet-4-5-20250929";
pub const OPUS: &str = "claude-opus-4-1-20250805";
pub const HAIKU: &str = "claude-haiku-4-5-20251001";

/// List prices, USD per million tokens: input, output, 5-minute cache write, 1-hour cache
/// write, cache read. One USD per million tokens is one microdollar, 10⁶ picodollars, per token.
const PRICES: [(&str, [f64; 5]); 3] = [
    (SONNET, [3.0, 15.0, 3.75, 6.0, 0.30]),
    (OPUS, [15.0, 75.0, 18.75, 30.0, 1.50]),
    (HAIKU, [1.0, 5.0, 1.25, 2.0, 0.10]),
];

/// The end of the window the responses are dated in (exclusive), in Unix milliseconds:
/// 2026-11-20T00:00:00Z.
const WINDOW_END_MS: i64 = 1_795_132_800_000;
const DAY_MS: i64 = 86_400_000;

/// The usage of one API response.
#[derive(Debug, Clone)]
struct Response {
    message_id: String,
    request_id: String,
    model: &'static str,
    input: u64,
    output: u64,
    cache_write_5m: u64,
    cache_write_1h: u64,
    cache_read: u64,
}

impl Response {
    fn cost_picodollars(&self) -> u128 {
        let prices = PRICES
            .iter()
            .find(|(model, _)| *model == self.model)
            .map(|(_, prices)| prices)
            .expect("generated models have prices");
        let pico = |usd_per_million: f64| (usd_per_million * 1e6).round() as u128;
        [
            self.input,
            self.output,
            self.cache_write_5m,
            self.cache_write_1h,
            self.cache_read,
        ]
        .iter()
        .zip(prices)
        .map(|(tokens, price)| u128::from(*tokens) * pico(*price))
        .sum()
    }

    fn usage_json(&self) -> serde_json::Value {
        json!({
            "input_tokens": self.input,
            "cache_creation_input_tokens": self.cache_write_5m + self.cache_write_1h,
            "cache_read_input_tokens": self.cache_read,
            "cache_creation": {
                "ephemeral_5m_input_tokens": self.cache_write_5m,
                "ephemeral_1h_input_tokens": self.cache_write_1h,
            },
            "output_tokens": self.output,
            "service_tier": "standard",
        })
    }
}

/// A line that carries a response, kept so that a resumed session can copy it.
#[derive(Debug, Clone)]
struct ResponseLine {
    text: String,
    response: Response,
    date: String,
    unix_ms: i64,
}

/// Writes a tree under `root` (`vms/<vm>/projects/<project>/<session>.jsonl`) and returns what
/// it holds.
pub fn generate(root: &Path, options: &GeneratorOptions) -> io::Result<GroundTruth> {
    let corpus = Corpus::new(options.seed);
    let mut truth = GroundTruth::default();
    let mut counted: HashSet<(String, String)> = HashSet::new();
    let window_start = WINDOW_END_MS - options.days as i64 * DAY_MS;
    for vm_index in 0..options.vms {
        let mut rng = fastrand::Rng::with_seed(mix(options.seed, vm_index as u64, u64::MAX));
        let vm = format!(
            "{}-{}-{vm_index:03}",
            pick(&mut rng, ADJECTIVES),
            pick(&mut rng, NOUNS)
        );
        let vm_dir = root.join("vms").join(&vm);
        truth.vm_dirs.push(vm_dir.display().to_string());
        let projects: Vec<String> = (0..3)
            .map(|p| format!("-home-dev-{}-{p}", pick(&mut rng, REPOS)))
            .collect();
        let mut previous_session: Vec<ResponseLine> = Vec::new();
        for session_index in 0..options.sessions_per_vm {
            let mut session = Session {
                rng: fastrand::Rng::with_seed(mix(
                    options.seed,
                    vm_index as u64,
                    session_index as u64,
                )),
                corpus: &corpus,
                options,
                vm: &vm,
                lines: Vec::new(),
                written: Vec::new(),
                truth: &mut truth,
                counted: &mut counted,
            };
            let project = pick(&mut session.rng, &projects).clone();
            let name = uuid(&mut session.rng);
            if session.rng.f64() < options.resume_rate {
                session.resume(&previous_session);
            }
            let start = session.rng.i64(window_start..WINDOW_END_MS - 6 * 3_600_000);
            session.write_conversation(start, &name);
            let (text, written) = session.finish();
            let dir = vm_dir.join("projects").join(project);
            fs::create_dir_all(&dir)?;
            fs::write(dir.join(format!("{name}.jsonl")), &text)?;
            truth.files += 1;
            truth.bytes += text.len() as u64;
            previous_session = written;
        }
    }
    truth.by_block = blocks_of(&truth.timeline);
    Ok(truth)
}

/// The 5-hour blocks of responses, by ccusage's rule: a block starts at the UTC hour of its
/// first response and takes every later response until one comes more than 5 hours after the
/// block's start or after the response before it.
pub fn blocks_of(timeline: &[(i64, Figures)]) -> BTreeMap<String, Figures> {
    const HOUR_MS: i64 = 3_600_000;
    let mut sorted = timeline.to_vec();
    sorted.sort_by_key(|(ms, _)| *ms);
    let mut blocks: BTreeMap<String, Figures> = BTreeMap::new();
    let mut current: Option<(i64, i64)> = None; // start, last response
    for (ms, figures) in sorted {
        let start = match current {
            Some((start, last)) if ms - start <= 5 * HOUR_MS && ms - last <= 5 * HOUR_MS => start,
            _ => ms.div_euclid(HOUR_MS) * HOUR_MS,
        };
        current = Some((start, ms));
        blocks.entry(timestamp(start)).or_default().absorb(&figures);
    }
    blocks
}

/// One session file being written, and the ground truth it adds to.
struct Session<'a> {
    rng: fastrand::Rng,
    corpus: &'a Corpus,
    options: &'a GeneratorOptions,
    vm: &'a str,
    lines: Vec<String>,
    written: Vec<ResponseLine>,
    truth: &'a mut GroundTruth,
    counted: &'a mut HashSet<(String, String)>,
}

impl Session<'_> {
    /// Copies some response lines of the session it resumes, as Claude Code does.
    fn resume(&mut self, previous: &[ResponseLine]) {
        let copies = previous.len().min(self.rng.usize(1..=12));
        for line in &previous[previous.len() - copies..] {
            self.emit_response(line.clone(), true);
        }
    }

    fn write_conversation(&mut self, mut now: i64, session_id: &str) {
        let target = (self.options.lines_per_session as f64 * (0.5 + self.rng.f64())) as usize;
        let target = target.max(4);
        let main_model = match self.rng.f64() {
            r if r < 0.7 => SONNET,
            r if r < 0.9 => OPUS,
            _ => HAIKU,
        };
        let one_hour_cache = self.rng.f64() < 0.25;
        if self.rng.f64() < 0.15 {
            let summary = self.corpus.text(&mut self.rng, 30, 90);
            let line =
                json!({"type": "summary", "summary": summary, "leafUuid": uuid(&mut self.rng)})
                    .to_string();
            self.emit(line);
        }
        let mut context = self.rng.u64(12_000..26_000);
        while self.lines.len() < target {
            let prompt = self.corpus.text(&mut self.rng, 40, 1500);
            let line = json!({"type": "user", "sessionId": session_id, "message": {"role": "user", "content": prompt},
                              "uuid": uuid(&mut self.rng), "timestamp": timestamp(now)})
            .to_string();
            self.emit(line);
            if self.rng.f64() < 0.3 {
                let line =
                    json!({"type": "file-history-snapshot", "messageId": uuid(&mut self.rng),
                                 "snapshot": {"trackedFileBackups": {}}, "isSnapshotUpdate": false})
                    .to_string();
                self.emit(line);
            }
            for _call in 0..self.rng.usize(1..=10) {
                if self.lines.len() >= target {
                    break;
                }
                now += self.rng.i64(1_500..40_000);
                if context > 165_000 {
                    context = self.rng.u64(25_000..45_000);
                    let line = json!({"type": "system", "subtype": "compact_boundary",
                                     "content": "Conversation compacted", "timestamp": timestamp(now)})
                        .to_string();
                    self.emit(line);
                }
                let response = self.response(main_model, one_hour_cache, &mut context);
                self.write_response(&response, now, session_id);
                now += self.rng.i64(100..20_000);
                let result = self.corpus.text(&mut self.rng, 80, 4_000);
                let line = json!({"type": "user", "message": {"role": "user", "content": [
                                    {"type": "tool_result", "tool_use_id": "toolu_01", "content": result}]},
                                 "toolUseResult": {"stdout": result, "stderr": ""},
                                 "timestamp": timestamp(now)})
                    .to_string();
                self.emit(line);
                context += (result.len() / 4) as u64;
            }
            if self.rng.f64() < 0.02 {
                // Claude Code's placeholder for a response never made: zero usage, no requestId.
                let line = json!({"type": "assistant", "timestamp": timestamp(now),
                                 "message": {"id": uuid(&mut self.rng), "model": "<synthetic>", "role": "assistant",
                                             "usage": {"input_tokens": 0, "output_tokens": 0,
                                                       "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
                                             "content": [{"type": "text", "text": "No response requested."}]}})
                    .to_string();
                self.emit(line);
            }
            now += self.rng.i64(10_000..900_000);
        }
    }

    /// The usage of the next API call of the conversation, which grows its context.
    fn response(
        &mut self,
        main_model: &'static str,
        one_hour_cache: bool,
        context: &mut u64,
    ) -> Response {
        let side_call = self.rng.f64() < 0.15;
        let model = if side_call { HAIKU } else { main_model };
        let (input, cache_write, cache_read) = if side_call {
            (self.rng.u64(300..6_000), 0, 0)
        } else if self.rng.f64() < 0.04 {
            (self.rng.u64(3..12), *context, 0) // a cache miss writes the whole context again
        } else {
            let new = self.rng.u64(200..9_000);
            *context += new;
            (self.rng.u64(1..12), new, *context - new)
        };
        // Output lengths are skewed: mostly short, sometimes thousands of tokens.
        let output = (self.rng.f64() * 9.0).exp().min(16_000.0) as u64 + 1;
        let (cache_write_5m, cache_write_1h) = if one_hour_cache {
            (0, cache_write)
        } else {
            (cache_write, 0)
        };
        Response {
            message_id: format!("msg_01{}", base62(&mut self.rng, 22)),
            request_id: format!("req_011C{}", base62(&mut self.rng, 20)),
            model,
            input,
            output,
            cache_write_5m,
            cache_write_1h,
            cache_read,
        }
    }

    /// One line per content block, all with the response's ids and usage; maybe one re-written.
    fn write_response(&mut self, response: &Response, now: i64, session_id: &str) {
        let blocks = self.rng.usize(1..=3);
        let mut lines = Vec::new();
        for block in 0..blocks {
            let content = match block {
                0 if blocks > 1 => {
                    json!({"type": "thinking", "thinking": self.corpus.text(&mut self.rng, 200, 2000)})
                }
                _ if block + 1 == blocks => {
                    json!({"type": "tool_use", "id": "toolu_01", "name": "Bash",
                                                   "input": {"command": self.corpus.text(&mut self.rng, 10, 200)}})
                }
                _ => json!({"type": "text", "text": self.corpus.text(&mut self.rng, 60, 2500)}),
            };
            // Every copy of a response has one timestamp, so its day never depends on which copy is read.
            let stamp = timestamp(now);
            let text = json!({
                "parentUuid": null, "isSidechain": false, "userType": "external", "cwd": "/home/dev/app",
                "sessionId": session_id, "version": "2.0.28", "gitBranch": "main",
                "message": {"model": response.model, "id": response.message_id, "type": "message",
                            "role": "assistant", "content": [content], "stop_reason": null,
                            "stop_sequence": null, "usage": response.usage_json()},
                "requestId": response.request_id, "type": "assistant", "uuid": uuid(&mut self.rng),
                "timestamp": stamp,
            })
            .to_string();
            let line = ResponseLine {
                text,
                response: response.clone(),
                date: stamp[..10].to_owned(),
                unix_ms: now,
            };
            lines.push(line.clone());
            self.emit_response(line, false);
        }
        if self.rng.f64() < self.options.rewrite_rate {
            let again = lines[self.rng.usize(..lines.len())].clone();
            self.emit_response(again, false);
        }
    }

    /// Writes a line that carries `line.response` and counts it, unless it is a copy of one
    /// counted already or comes out malformed.
    fn emit_response(&mut self, line: ResponseLine, copied_from_another_file: bool) {
        if !self.emit(line.text.clone()) {
            return;
        }
        let key = (
            line.response.message_id.clone(),
            line.response.request_id.clone(),
        );
        if !self.counted.insert(key) {
            self.truth.duplicate_lines += 1;
            if copied_from_another_file {
                self.truth.duplicates_across_files += 1;
            }
        } else {
            let response = &line.response;
            self.truth.totals.add(response);
            let vm = self.vm.to_owned();
            self.truth.by_vm.entry(vm).or_default().add(response);
            let model = response.model.to_owned();
            self.truth.by_model.entry(model).or_default().add(response);
            let day = line.date.clone();
            self.truth.by_day.entry(day).or_default().add(response);
            let mut one = Figures::default();
            one.add(response);
            self.truth.timeline.push((line.unix_ms, one));
        }
        self.written.push(line);
    }

    /// Appends `line`, or a malformed version of it; whether it stayed well formed.
    fn emit(&mut self, line: String) -> bool {
        self.truth.lines += 1;
        if self.rng.f64() >= self.options.malformed_rate {
            self.lines.push(line);
            return true;
        }
        self.truth.malformed_lines += 1;
        let broken = match self.rng.f64() {
            r if r < 0.75 => cut(&line, self.rng.usize(line.len() / 10..line.len() * 9 / 10)),
            r if r < 0.9 => format!(
                "\0\0{}\u{fffd}",
                cut(&line, self.rng.usize(5..60.min(line.len())))
            ),
            _ => match line.find("\"usage\":{") {
                Some(at) => line[..at + 9].to_owned(),
                None => cut(&line, line.len() / 2),
            },
        };
        self.lines.push(broken);
        false
    }

    /// The file's text, and the response lines it holds for a later session to resume.
    fn finish(mut self) -> (String, Vec<ResponseLine>) {
        let mut text = self.lines.join("\n");
        if self.rng.f64() < self.options.malformed_rate * 20.0 {
            // A writer that crashed: the last line cut short, no newline after it.
            self.truth.lines += 1;
            self.truth.malformed_lines += 1;
            let last = self.lines.last().cloned().unwrap_or_default();
            text.push('\n');
            text.push_str(&cut(&last, last.len() / 2));
        } else {
            text.push('\n');
        }
        (text, self.written)
    }
}

/// `text` cut to at most `len` bytes, at a character boundary; never empty for non-empty text.
fn cut(text: &str, len: usize) -> String {
    let mut end = len.clamp(1, text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// A seed of its own for each VM and session, so that one session's length does not shift the
/// next one's random numbers.
fn mix(seed: u64, vm: u64, session: u64) -> u64 {
    let bytes: Vec<u8> = [seed, vm, session]
        .iter()
        .flat_map(|part| part.to_le_bytes())
        .collect();
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn uuid(rng: &mut fastrand::Rng) -> String {
    let hex = format!("{:032x}", rng.u128(..));
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..]
    )
}

fn base62(rng: &mut fastrand::Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char)
        .collect()
}

/// Claude Code's timestamp: UTC, milliseconds, `Z`.
fn timestamp(unix_ms: i64) -> String {
    let stamp = jiff::Timestamp::from_millisecond(unix_ms).expect("a date in range");
    stamp.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Prose and code to cut message texts from: about 256 KiB, some of it not ASCII.
struct Corpus {
    text: String,
}

impl Corpus {
    fn new(seed: u64) -> Corpus {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut text = String::new();
        while text.len() < 256 * 1024 {
            if rng.f64() < 0.3 {
                for _ in 0..rng.usize(2..12) {
                    text.push_str(pick::<&str>(&mut rng, CODE_LINES));
                    text.push('\n');
                }
            } else {
                for _ in 0..rng.usize(6..30) {
                    text.push_str(pick::<&str>(&mut rng, WORDS));
                    text.push(' ');
                }
                if rng.f64() < 0.05 {
                    text.push_str(pick::<&str>(&mut rng, &["→", "✓", "…", "é", "—", "🚀"]));
                }
                text.push_str(".\n");
            }
        }
        Corpus { text }
    }

    /// A piece of `min..=max` bytes (fewer at a character boundary).
    fn text(&self, rng: &mut fastrand::Rng, min: usize, max: usize) -> String {
        let len = rng.usize(min..=max);
        let mut start = rng.usize(..self.text.len() - len);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        cut(&self.text[start..], len)
    }
}

const WORDS: &[&str] = &[
    "the",
    "a",
    "to",
    "of",
    "and",
    "in",
    "is",
    "for",
    "that",
    "with",
    "function",
    "return",
    "value",
    "error",
    "file",
    "line",
    "test",
    "build",
    "crate",
    "module",
    "parse",
    "json",
    "token",
    "usage",
    "cost",
    "report",
    "session",
    "model",
    "cache",
    "config",
    "path",
    "\"usage\":{",
    "quote\"d",
    "back\\slash",
    "tab\there",
];
const CODE_LINES: &[&str] = &[
    "fn main() -> Result<(), Box<dyn Error>> {",
    "    let entry: UsageEntry = serde_json::from_str(&line)?;",
    "if (entry.message?.usage == null) continue;",
    "$ cargo test --release -- --nocapture",
    "error[E0382]: borrow of moved value: `buf`",
    "    \"cache_read_input_tokens\": 51234,",
];
const ADJECTIVES: &[&str] = &[
    "amber", "brisk", "calm", "dusty", "eager", "fuzzy", "gentle",
];
const NOUNS: &[&str] = &[
    "otter", "falcon", "maple", "cedar", "comet", "delta", "ember",
];
const REPOS: &[&str] = &[
    "api-gateway",
    "billing",
    "data-pipeline",
    "docs-site",
    "web.dash",
];

/// The tree's `ground_truth.json`, in the shape `scripts/bench-usage` reads (the field names of
/// `vm usage --json`).
pub fn ground_truth_json(truth: &GroundTruth) -> serde_json::Value {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Group {
        input_tokens: u64,
        output_tokens: u64,
        cache_creation_tokens: u64,
        cache_read_tokens: u64,
        total_tokens: u64,
        #[serde(rename = "costUSD")]
        cost_usd: f64,
        responses: u64,
    }
    let group = |figures: &Figures| Group {
        input_tokens: figures.input,
        output_tokens: figures.output,
        cache_creation_tokens: figures.cache_creation,
        cache_read_tokens: figures.cache_read,
        total_tokens: figures.total_tokens(),
        cost_usd: figures.cost_usd(),
        responses: figures.responses,
    };
    let groups = |groups: &BTreeMap<String, Figures>| -> BTreeMap<String, Group> {
        groups
            .iter()
            .map(|(key, f)| (key.clone(), group(f)))
            .collect()
    };
    json!({
        "files": truth.files,
        "bytes": truth.bytes,
        "lines": truth.lines,
        "malformed_lines": truth.malformed_lines,
        "duplicate_lines": truth.duplicate_lines,
        "duplicates_across_files": truth.duplicates_across_files,
        "unique_messages": truth.totals.responses,
        "totals": group(&truth.totals),
        "by_vm": groups(&truth.by_vm),
        "by_model": groups(&truth.by_model),
        "by_day_utc": groups(&truth.by_day),
        "by_block": groups(&truth.by_block),
    })
}
