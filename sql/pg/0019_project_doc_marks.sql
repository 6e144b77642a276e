-- 0019 (PostgreSQL): as sql/0019_project_doc_marks.sql — which of its form's documents a
-- file attached to a project is; removed with the file.
CREATE TABLE project_doc_marks (
	attachment_id bigint PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE DEFERRABLE,
	project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE DEFERRABLE,
	document_id bigint NOT NULL REFERENCES project_form_documents(id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX project_doc_marks_project ON project_doc_marks(project_id, document_id);
