-- 0007: the client's address where addresses matter — the audit log, login throttling,
-- other per-address rate limits, and where each online application came from.

-- The address of the request that made the write (NULL for the command line and for rows
-- written before this migration).
ALTER TABLE audit_log ADD COLUMN address TEXT;
CREATE INDEX audit_log_address ON audit_log(address, id) WHERE address IS NOT NULL;

-- Login attempts, one row each, written BEFORE the password is checked (so parallel
-- attempts cannot get past the limits) and deleted when the login succeeds: the rows
-- that remain are failures. Throttling counts them per (login, address), per address
-- and per login (auth/throttle.c). The old per-key counters go.
DROP TABLE login_failures;
CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL,
	address TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_attempts_login ON login_attempts(login, address, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);
CREATE INDEX login_attempts_at ON login_attempts(at);

-- Other things counted per address and kind within a window (e.g. 'register-login': an
-- application refused because its login name is taken, which tells that the name exists).
CREATE TABLE address_events (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	address TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX address_events_key ON address_events(kind, address, at);
CREATE INDEX address_events_at ON address_events(at);

-- The address each online application came from, for the limits per address.
CREATE TABLE org_application_sources (
	org_id INTEGER PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
	address TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX org_application_sources_address ON org_application_sources(address, at);
