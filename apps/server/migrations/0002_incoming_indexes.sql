-- Inbox lists page by (deadline, id): the id in the index lets a page be read in index order with no sort.
DROP INDEX IF EXISTS incoming_asg_user;
CREATE INDEX incoming_asg_user ON incoming_assignments (organ_id, assignee_user_id, state, deadline, id) WHERE assignee_user_id IS NOT NULL;
DROP INDEX IF EXISTS incoming_asg_unit;
CREATE INDEX incoming_asg_unit ON incoming_assignments (organ_id, assignee_unit_id, state, deadline, id) WHERE assignee_user_id IS NULL;
