//! What one transcript holds up to its last complete line, kept in the usage index.

use crate::byte_cursor::ByteCursor;
use crate::byte_sink::ByteSink;
use crate::line_counts::LineCounts;
use crate::response_key::ResponseKey;
use crate::scan_state::ScanState;
use crate::tokens::Tokens;
use crate::usage_record::UsageRecord;

/// The responses of one file, each once (copies within the file already merged). Records name their model by index into `models` and their file as 0: the scan gives
/// each file its place when it gathers them. Keys are the 128-bit hashes of the scan, so each
/// response costs 76 bytes here, whatever the size of its lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRecords {
    pub models: Vec<String>,
    pub keyed: Vec<(ResponseKey, UsageRecord)>,
    pub unkeyed: Vec<UsageRecord>,
}

/// Bytes of one encoded record (without its key), for refusing corrupt counts early.
const RECORD_SIZE: usize = 8 + 8 + 4 + 5 * 8;

impl FileRecords {
    /// The records of a file read into a state of its own, and its line counts.
    pub fn from_state(state: ScanState) -> (FileRecords, LineCounts) {
        let counts = LineCounts::of(&state.stats);
        let mut keyed: Vec<_> = state.responses.into_iter().collect();
        // a stable order makes the same tree give the same index
        keyed.sort_unstable_by_key(|(key, _)| *key);
        let records = FileRecords {
            models: state.models.names().to_vec(),
            keyed,
            unkeyed: state.unkeyed,
        };
        (records, counts)
    }

    /// A state of its own holding these records and `counts`, to read more lines of the file
    /// into.
    pub fn into_state(self, counts: LineCounts) -> ScanState {
        let mut state = ScanState::default();
        for name in &self.models {
            state.models.intern(name);
        }
        state.responses.extend(self.keyed);
        state.unkeyed = self.unkeyed;
        counts.add_to(&mut state.stats);
        state
    }

    pub fn encode(&self, sink: &mut ByteSink) {
        sink.len(self.models.len());
        for model in &self.models {
            sink.bytes(model.as_bytes());
        }
        sink.len(self.keyed.len());
        for (key, record) in &self.keyed {
            sink.u128(key.0);
            encode_record(record, sink);
        }
        sink.len(self.unkeyed.len());
        for record in &self.unkeyed {
            encode_record(record, sink);
        }
    }

    pub fn decode(cursor: &mut ByteCursor) -> Option<FileRecords> {
        let model_count = cursor.len(4)?;
        let mut models = Vec::with_capacity(model_count);
        for _ in 0..model_count {
            models.push(String::from_utf8(cursor.bytes()?.to_vec()).ok()?);
        }
        let keyed_count = cursor.len(16 + RECORD_SIZE)?;
        let mut keyed = Vec::with_capacity(keyed_count);
        for _ in 0..keyed_count {
            let key = ResponseKey(cursor.u128()?);
            keyed.push((key, decode_record(cursor, models.len())?));
        }
        let unkeyed_count = cursor.len(RECORD_SIZE)?;
        let mut unkeyed = Vec::with_capacity(unkeyed_count);
        for _ in 0..unkeyed_count {
            unkeyed.push(decode_record(cursor, models.len())?);
        }
        Some(FileRecords {
            models,
            keyed,
            unkeyed,
        })
    }
}

fn encode_record(record: &UsageRecord, sink: &mut ByteSink) {
    sink.i64(record.first_ms);
    sink.i64(record.line_ms);
    sink.u32(record.model);
    record.tokens.encode(sink);
}

/// One record, refused when it names a model outside the file's `model_count`.
fn decode_record(cursor: &mut ByteCursor, model_count: usize) -> Option<UsageRecord> {
    let first_ms = cursor.i64()?;
    let line_ms = cursor.i64()?;
    let model = cursor.u32()?;
    if model as usize >= model_count {
        return None;
    }
    Some(UsageRecord {
        first_ms,
        line_ms,
        model,
        file: 0,
        tokens: Tokens::decode(cursor)?,
    })
}
