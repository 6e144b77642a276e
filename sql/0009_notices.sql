-- 0008: notices. Each person's inbox of in-app notices, how each person wants to be told
-- (email and in-app, or in-app only; the address; the language), and the mail outbox:
-- every email is a row written in the same transaction as the write that causes it, sent
-- later by a worker (io/mail_worker.c) that claims rows with a lease, retries with
-- backoff and keeps a row per attempt. Times are Unix seconds given by the program (no
-- database clock), so that both backends store the same values.

CREATE TABLE notices (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 50),
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	link TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	read_at INTEGER
);
CREATE INDEX notices_user ON notices(user_id, id);
CREATE INDEX notices_unread ON notices(user_id) WHERE read_at IS NULL;

-- A person's choice; no row means the defaults: email and in-app, no address of their own
-- (a group account then uses its group's address), Japanese.
CREATE TABLE notice_prefs (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
	channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'inapp')),
	lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'))
);

-- One row per email. state: queued (waiting, maybe after failed attempts) → sent, or
-- failed (refused by the relay, or still undelivered after the give-up time); an operator
-- may queue failed rows again. A worker claims a queued row that is due by setting
-- lease_owner and lease_until in one statement; another worker takes it only once the
-- lease has run out. token is the left part of the Message-ID, the same on every attempt.
CREATE TABLE mail_outbox (
	id INTEGER PRIMARY KEY,
	user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
	recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
	event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 50),
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	token TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	queued_at INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_at INTEGER NOT NULL,
	lease_owner TEXT,
	lease_until INTEGER,
	last_error TEXT NOT NULL DEFAULT '',
	done_at INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX mail_outbox_state ON mail_outbox(state, id);

-- Every attempt to hand a message to the relay: when, whether the relay took it, and what
-- it or the connection said.
CREATE TABLE mail_attempts (
	id INTEGER PRIMARY KEY,
	outbox_id INTEGER NOT NULL REFERENCES mail_outbox(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_attempts_outbox ON mail_attempts(outbox_id, id);
