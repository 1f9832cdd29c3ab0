package storage

// Every bucket Otklik uses, in one place. Records are JSON in storage-only structs where the shape matters for
// migrations; keys are big-endian sequence numbers or natural ids.
var (
	bucketMeta         = []byte("meta")
	bucketCases        = []byte("cases")
	bucketCaseIncident = []byte("case_by_incident") // incident number → case id
	bucketCaseStatus   = []byte("case_by_status")   // status 0x00 case id → nothing
	bucketRefs         = []byte("refs")             // Message-ID → what it points to
	bucketMails        = []byte("mails")            // mail id → metadata
	bucketMailRaw      = []byte("mail_raw")         // mail id → raw message
	bucketMailHash     = []byte("mail_by_hash")     // Message-ID 0x00 content hash → mail id
	bucketBlobs        = []byte("blobs")            // sha256 → attachment bytes
	bucketTriage       = []byte("triage")
	bucketOutbox       = []byte("outbox")
	bucketOutboxState  = []byte("outbox_by_state") // state 0x00 item id → nothing
	bucketAudit        = []byte("audit")           // seq → event
	bucketAuditCase    = []byte("audit_by_case")   // case id 0x00 seq → nothing
	bucketUsers        = []byte("users")
	bucketExecutors    = []byte("executors")
	bucketAbsences     = []byte("absences")
	bucketSync         = []byte("sync_state")
	bucketSettings     = []byte("settings")
	bucketCaseIndex    = []byte("case_index") // index name 0x00 value 0x00 case id → nothing (Case.IndexKeys)
)

var allBuckets = [][]byte{bucketMeta, bucketCases, bucketCaseIncident, bucketCaseStatus, bucketRefs, bucketMails,
	bucketMailRaw, bucketMailHash, bucketBlobs, bucketTriage, bucketOutbox, bucketOutboxState, bucketAudit,
	bucketAuditCase, bucketUsers, bucketExecutors, bucketAbsences, bucketSync, bucketSettings, bucketCaseIndex}

// Keys in the meta bucket.
var (
	keySchemaVersion = []byte("schema_version")
	keyAuditHead     = []byte("audit_head") // hash of the last audit event
	keyOutboxSeq     = []byte("outbox_seq")
	keyAbsenceSeq    = []byte("absence_seq")
	keyAuditSeq      = []byte("audit_seq")
)

// caseSeqKey counts cases per year: ОТК-2026-0042.
func caseSeqKey(year int) []byte { return []byte("case_seq_" + itoa(year)) }
