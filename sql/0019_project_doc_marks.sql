-- 0019: which of its form's documents (project_form_documents) a file attached to a
-- project is, as the person who attached it said (domain/project_attach.c). A file said
-- to be その他 (none of them) has no row. Written in the transaction of the upload (the
-- "project" kind's hook of the generic attachments); the file's removal removes its row
-- (ON DELETE CASCADE), so the document is no longer attached. A required document is
-- attached when some file of the project is marked as it — never by the file's name.
CREATE TABLE project_doc_marks (
	attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	document_id INTEGER NOT NULL REFERENCES project_form_documents(id) ON DELETE CASCADE
);
CREATE INDEX project_doc_marks_project ON project_doc_marks(project_id, document_id);
