-- 0020: adoption agreements ended early (中途終了) and applications taken back (issue 10).
--  - ended_on, end_reason: the department in charge (or the division) ended an agreement
--    before its term ran out, on its last day ended_on, for end_reason. The terms are cut
--    to that day in the same transaction (a term after it removed, the term holding it
--    ending on it: the audit keeps them as they were), so every rule that reads terms —
--    in force, the overlap rule, ending soon — sees the place free after that day.
--  - withdrawn_at: the group took back its application before the decision. The state is
--    'rejected' (closed, never agreed: the CHECK of 0017 keeps three states); withdrawn_at
--    says it was the group's own doing, not a refusal.
ALTER TABLE adopt_agreements ADD COLUMN ended_on TEXT;
ALTER TABLE adopt_agreements ADD COLUMN end_reason TEXT NOT NULL DEFAULT '' CHECK (length(end_reason) <= 2000);
ALTER TABLE adopt_agreements ADD COLUMN withdrawn_at TEXT;
