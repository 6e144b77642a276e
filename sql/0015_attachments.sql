-- 0015: attachments (添付ファイル) of any record (domain/attach.c): a file's content is
-- stored once, under its SHA-256, in the attachment directory beside the database; each
-- record that carries it has a row here with the cleaned original name. The owner is a
-- kind (attach_kinds[]: "org" …) and the owner's id; the kind's rule decides who sees it.
CREATE TABLE attach_blobs (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size INTEGER NOT NULL CHECK (size >= 0),
	type TEXT NOT NULL,	-- the type Kyodo determined from the content (attach_types[])
	created_at TEXT NOT NULL
);
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	owner_kind TEXT NOT NULL CHECK (length(owner_kind) BETWEEN 1 AND 32),
	owner_id INTEGER NOT NULL,
	sha256 TEXT NOT NULL REFERENCES attach_blobs(sha256),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	added_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id, id);
CREATE INDEX attachments_blob ON attachments(sha256);
