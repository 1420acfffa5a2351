-- One search over everything a user may open (issue 15): incoming and outgoing documents, work files and their
-- documents. The index rows are kept by triggers on the owning tables, so a row changes in the same transaction as
-- the document, its assignments, route, recipients, grants (no code path can forget it, no module's code is touched).
-- Text of attached files comes from the job `search.extract` (queued by the same triggers) into search_file_texts.
--
-- Vietnamese: the text search configuration vn_fold lower-cases and folds diacritics (unaccent: đ → d); the
-- clean function turns every separator into a space first, so "123/QĐ-BNV" gives the words 123, qd, bnv.
-- Visibility: `named` holds the people the owning policy lets in whatever the clearance (outgoing: drafter,
-- signer, route actors), `readers` the tokens of people let in with clearance (conf_rank ≤ the user's rank).

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DO $$ BEGIN
  CREATE TEXT SEARCH CONFIGURATION vn_fold (COPY = simple);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
ALTER TEXT SEARCH CONFIGURATION vn_fold ALTER MAPPING FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart, numword, numhword, hword_numpart WITH unaccent, simple;

-- Vietnamese dictionary order for sorting by subject (ICU when the server has it, byte order otherwise).
DO $$ BEGIN
  CREATE COLLATION search_vi (provider = icu, locale = 'vi');
EXCEPTION WHEN duplicate_object THEN NULL;
  WHEN others THEN CREATE COLLATION search_vi FROM "C";
END $$;

CREATE FUNCTION search_clean(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT regexp_replace(normalize(coalesce(t, ''), NFC), '[^[:alnum:]]+', ' ', 'g') $$;

CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT replace(replace(lower(public.unaccent('public.unaccent'::regdictionary, normalize(coalesce(t, ''), NFC))), 'đ', 'd'), 'ð', 'd') $$;

CREATE TABLE search_items (
  kind            text NOT NULL CHECK (kind IN ('incoming','outgoing','workfile','member')),
  ref_id          uuid NOT NULL,
  organ_id        uuid NOT NULL REFERENCES organs(id),
  parent_id       uuid,                       -- member: its work file
  number_notation text NOT NULL DEFAULT '',
  title           text NOT NULL DEFAULT '',
  organ_name      text NOT NULL DEFAULT '',
  doc_type        text,
  type_name       text NOT NULL DEFAULT '',
  doc_date        date,
  year            integer,
  status          text NOT NULL DEFAULT '',
  urgency         text NOT NULL DEFAULT 'thuong',
  unit_ids        uuid[] NOT NULL DEFAULT '{}',
  conf_rank       smallint NOT NULL DEFAULT 0,
  confidentiality text NOT NULL DEFAULT 'thuong',
  named           text[] NOT NULL DEFAULT '{}',
  readers         text[] NOT NULL DEFAULT '{}',
  body            text NOT NULL DEFAULT '',
  tsv             tsvector NOT NULL,          -- everything: notation (A), subject (B), organ and type (C), body (D)
  tsv_meta        tsvector NOT NULL,          -- the same without the body: the first tier of the ranking, small
  tsv_exact       tsvector NOT NULL,          -- notation, subject, organ with their diacritics (exact matches rank first)
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, ref_id)
);
CREATE INDEX search_items_tsv ON search_items USING gin (tsv);
CREATE INDEX search_items_tsv_meta ON search_items USING gin (tsv_meta);
CREATE INDEX search_items_readers ON search_items USING gin (readers);
CREATE INDEX search_items_named ON search_items USING gin (named);
CREATE INDEX search_items_organ_date ON search_items (organ_id, doc_date DESC);
CREATE INDEX search_items_notation ON search_items USING gin (search_fold(number_notation) gin_trgm_ops);

-- Text of a stored file (PDF text layer, DOCX, ODT), one row per file, pages separated by form feeds.
CREATE TABLE search_file_texts (
  file_id     uuid PRIMARY KEY REFERENCES files(id),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  text        text NOT NULL,
  pages       integer NOT NULL DEFAULT 0,
  method      text NOT NULL,              -- pdftotext | docx | odt | none
  extracted_at timestamptz NOT NULL DEFAULT now()
);

-- Saved searches (F6e): the query, filters, columns and sort of one user.
CREATE TABLE search_saved (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  user_id     uuid NOT NULL REFERENCES users(id),
  name        text NOT NULL,
  params      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, name)
);

CREATE FUNCTION search_vectors(nn text, title text, organ text, typ text, body text, OUT v tsvector, OUT m tsvector, OUT e tsvector) LANGUAGE sql IMMUTABLE AS $$
  SELECT x.m || setweight(to_tsvector('vn_fold', search_clean(left(body, 400000))), 'D'), x.m, to_tsvector('simple', search_clean(nn || ' ' || title || ' ' || organ))
  FROM (SELECT setweight(to_tsvector('vn_fold', search_clean(nn)), 'A') || setweight(to_tsvector('vn_fold', search_clean(title)), 'B')
         || setweight(to_tsvector('vn_fold', search_clean(organ || ' ' || typ)), 'C') AS m) x
$$;

CREATE FUNCTION search_conf_rank(c text) RETURNS smallint LANGUAGE sql IMMUTABLE AS
$$ SELECT (CASE c WHEN 'thuong' THEN 0 WHEN 'mat' THEN 1 WHEN 'toi_mat' THEN 2 ELSE 3 END)::smallint $$;

CREATE FUNCTION search_body(ids uuid[]) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(string_agg(t.text, E'\f' ORDER BY array_position(ids, t.file_id)), '') FROM search_file_texts t WHERE t.file_id = ANY(ids) $$;

-- Incoming: the clerk's register and everyone the document was presented or assigned to, or who assigned it.
CREATE FUNCTION search_refresh_incoming(doc uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE d incoming_documents%ROWTYPE; r text[]; u uuid[]; b text; v tsvector; m tsvector; e tsvector;
BEGIN
  SELECT * INTO d FROM incoming_documents WHERE id = doc;
  IF NOT FOUND THEN DELETE FROM search_items WHERE kind = 'incoming' AND ref_id = doc; RETURN; END IF;
  SELECT coalesce(array_agg(DISTINCT t) FILTER (WHERE t IS NOT NULL), '{}') INTO r FROM (
    SELECT 'u:' || a.assignee_user_id AS t FROM incoming_assignments a WHERE a.document_id = doc
    UNION ALL SELECT 'u:' || a.assigned_by FROM incoming_assignments a WHERE a.document_id = doc
    UNION ALL SELECT 'ilead:' || a.assignee_unit_id FROM incoming_assignments a WHERE a.document_id = doc) x;
  SELECT coalesce(array_agg(DISTINCT a.assignee_unit_id), '{}') INTO u FROM incoming_assignments a
    WHERE a.document_id = doc AND a.role IN ('lead','coordinate') AND a.assignee_unit_id IS NOT NULL;
  SELECT search_body(array_agg(f.file_id ORDER BY f.sort_order)) INTO b FROM incoming_files f WHERE f.document_id = doc AND f.kind <> 'progress';
  SELECT x.v, x.m, x.e INTO v, m, e FROM search_vectors(d.number || '/' || d.notation, d.subject, d.issuing_organ_name, d.type_name, coalesce(b, '')) x;
  INSERT INTO search_items AS s (kind, ref_id, organ_id, number_notation, title, organ_name, doc_type, type_name, doc_date, year, status, urgency, unit_ids, conf_rank, confidentiality, named, readers, body, tsv, tsv_meta, tsv_exact, updated_at)
  VALUES ('incoming', doc, d.organ_id, d.number || '/' || d.notation, d.subject, d.issuing_organ_name, d.doc_type_code, d.type_name, d.issued_date,
          extract(year FROM d.issued_date)::int, d.status, d.urgency, u, d.conf_rank, d.confidentiality, '{}', array['clerk'] || r, coalesce(b, ''), v, m, e, now())
  ON CONFLICT (kind, ref_id) DO UPDATE SET number_notation = excluded.number_notation, title = excluded.title, organ_name = excluded.organ_name, doc_type = excluded.doc_type,
    type_name = excluded.type_name, doc_date = excluded.doc_date, year = excluded.year, status = excluded.status, urgency = excluded.urgency, unit_ids = excluded.unit_ids,
    conf_rank = excluded.conf_rank, confidentiality = excluded.confidentiality, readers = excluded.readers, body = excluded.body, tsv = excluded.tsv, tsv_meta = excluded.tsv_meta, tsv_exact = excluded.tsv_exact, updated_at = now();
END $$;

-- Outgoing: drafter, signer and route actors whatever the clearance; with clearance the head of the drafting
-- unit, the clerk once it left the unit or holds a number, the recipient units once issued.
CREATE FUNCTION search_refresh_outgoing(doc uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE d outgoing_docs%ROWTYPE; n text[]; r text[]; b text; tn text; org text; v tsvector; m tsvector; e tsvector; files uuid[];
BEGIN
  SELECT * INTO d FROM outgoing_docs WHERE id = doc;
  IF NOT FOUND THEN DELETE FROM search_items WHERE kind = 'outgoing' AND ref_id = doc; RETURN; END IF;
  SELECT coalesce(array_agg(DISTINCT t) FILTER (WHERE t IS NOT NULL), '{}') INTO n FROM (
    SELECT 'u:' || d.drafter_id AS t UNION ALL SELECT 'u:' || d.signer_id
    UNION ALL SELECT 'u:' || s.actor_id FROM outgoing_steps s WHERE s.outgoing_id = doc) x;
  r := array['ohead:' || d.drafting_unit_id];
  IF d.status <> 'draft' OR d.number IS NOT NULL THEN r := r || 'clerk'::text; END IF;
  IF d.status = 'issued' THEN
    r := r || coalesce((SELECT array_agg(DISTINCT 'unit:' || x.unit_id) FROM outgoing_recipients x WHERE x.outgoing_id = doc AND x.unit_id IS NOT NULL), '{}');
  END IF;
  SELECT name INTO tn FROM doc_types WHERE organ_id = d.organ_id AND code = d.doc_type;
  SELECT name INTO org FROM organs WHERE id = d.organ_id;
  files := array_remove(array[coalesce(d.sealed_file_id, d.signed_file_id, d.final_file_id,
             (SELECT ov.file_id FROM outgoing_versions ov WHERE ov.outgoing_id = doc AND ov.kind = 'draft' ORDER BY ov.version_no DESC LIMIT 1))], NULL)
           || coalesce((SELECT array_agg(ov.file_id ORDER BY ov.version_no) FROM outgoing_versions ov WHERE ov.outgoing_id = doc AND ov.kind = 'attachment'), '{}');
  b := search_body(files);
  SELECT x.v, x.m, x.e INTO v, m, e FROM search_vectors(coalesce(d.number_notation, ''), d.subject, coalesce(org, ''), coalesce(tn, d.doc_type), b) x;
  INSERT INTO search_items AS s (kind, ref_id, organ_id, number_notation, title, organ_name, doc_type, type_name, doc_date, year, status, urgency, unit_ids, conf_rank, confidentiality, named, readers, body, tsv, tsv_meta, tsv_exact, updated_at)
  VALUES ('outgoing', doc, d.organ_id, coalesce(d.number_notation, ''), d.subject, coalesce(org, ''), d.doc_type, coalesce(tn, d.doc_type), coalesce(d.issued_date, d.created_at::date),
          extract(year FROM coalesce(d.issued_date, d.created_at::date))::int, d.status, d.urgency, array[d.drafting_unit_id], search_conf_rank(d.confidentiality), d.confidentiality, n, r, b, v, m, e, now())
  ON CONFLICT (kind, ref_id) DO UPDATE SET number_notation = excluded.number_notation, title = excluded.title, organ_name = excluded.organ_name, doc_type = excluded.doc_type,
    type_name = excluded.type_name, doc_date = excluded.doc_date, year = excluded.year, status = excluded.status, urgency = excluded.urgency, unit_ids = excluded.unit_ids,
    conf_rank = excluded.conf_rank, confidentiality = excluded.confidentiality, named = excluded.named, readers = excluded.readers, body = excluded.body, tsv = excluded.tsv, tsv_meta = excluded.tsv_meta, tsv_exact = excluded.tsv_exact, updated_at = now();
END $$;

-- The readers of a work file (workfiles.policy canReadFile): creator, its unit, grants, submission actors, the clerk.
CREATE FUNCTION search_file_readers(f uuid) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array['clerk'] || coalesce(array_agg(DISTINCT t) FILTER (WHERE t IS NOT NULL), '{}') FROM (
    SELECT 'u:' || w.creator_id AS t FROM workfiles w WHERE w.id = f
    UNION ALL SELECT 'unit:' || w.unit_id FROM workfiles w WHERE w.id = f
    UNION ALL SELECT 'u:' || g.user_id FROM workfile_grants g WHERE g.workfile_id = f
    UNION ALL SELECT 'u:' || s.actor_id FROM workfile_submission_steps s JOIN workfile_submissions x ON x.id = s.submission_id WHERE x.workfile_id = f AND s.state <> 'waiting') y
$$;

-- A member is found through its file when the file's access decides (not confidential, or an upload under its own
-- clearance); a confidential incoming/outgoing member is found only as itself, under its owner's policy.
CREATE FUNCTION search_refresh_member(mid uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE m workfile_members%ROWTYPE; r text[]; b text; v tsvector; mv tsvector; e tsvector; nn text;
BEGIN
  SELECT * INTO m FROM workfile_members WHERE id = mid;
  IF NOT FOUND OR (m.kind <> 'upload' AND m.confidentiality <> 'thuong') THEN DELETE FROM search_items WHERE kind = 'member' AND ref_id = mid; RETURN; END IF;
  r := search_file_readers(m.workfile_id);
  b := search_body(m.file_ids);
  nn := CASE WHEN m.code_number <> '' OR m.code_notation <> '' THEN m.code_number || '/' || m.code_notation ELSE '' END;
  SELECT x.v, x.m, x.e INTO v, mv, e FROM search_vectors(nn, m.subject, m.organ_name, m.type_name, b) x;
  INSERT INTO search_items AS s (kind, ref_id, organ_id, parent_id, number_notation, title, organ_name, doc_type, type_name, doc_date, year, status, urgency, unit_ids, conf_rank, confidentiality, named, readers, body, tsv, tsv_meta, tsv_exact, updated_at)
  SELECT 'member', mid, m.organ_id, m.workfile_id, nn, m.subject, m.organ_name, m.type_code, m.type_name, m.doc_date, extract(year FROM m.doc_date)::int, w.status, 'thuong', array[w.unit_id],
         search_conf_rank(m.confidentiality), m.confidentiality, '{}', r, b, v, mv, e, now() FROM workfiles w WHERE w.id = m.workfile_id
  ON CONFLICT (kind, ref_id) DO UPDATE SET parent_id = excluded.parent_id, number_notation = excluded.number_notation, title = excluded.title, organ_name = excluded.organ_name,
    doc_type = excluded.doc_type, type_name = excluded.type_name, doc_date = excluded.doc_date, year = excluded.year, status = excluded.status, unit_ids = excluded.unit_ids,
    conf_rank = excluded.conf_rank, confidentiality = excluded.confidentiality, readers = excluded.readers, body = excluded.body, tsv = excluded.tsv, tsv_meta = excluded.tsv_meta, tsv_exact = excluded.tsv_exact, updated_at = now();
END $$;

CREATE FUNCTION search_refresh_workfile(fid uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE w workfiles%ROWTYPE; r text[]; v tsvector; m tsvector; e tsvector; org text;
BEGIN
  SELECT * INTO w FROM workfiles WHERE id = fid;
  IF NOT FOUND THEN DELETE FROM search_items WHERE (kind = 'workfile' AND ref_id = fid) OR (kind = 'member' AND parent_id = fid); RETURN; END IF;
  r := search_file_readers(fid);
  SELECT name INTO org FROM organs WHERE id = w.organ_id;
  SELECT x.v, x.m, x.e INTO v, m, e FROM search_vectors(w.code, w.title, coalesce(org, ''), 'Hồ sơ', w.description || ' ' || w.keyword) x;
  INSERT INTO search_items AS s (kind, ref_id, organ_id, number_notation, title, organ_name, doc_type, type_name, doc_date, year, status, urgency, unit_ids, conf_rank, confidentiality, named, readers, body, tsv, tsv_meta, tsv_exact, updated_at)
  VALUES ('workfile', fid, w.organ_id, w.code, w.title, coalesce(org, ''), NULL, 'Hồ sơ', w.start_date, w.year, w.status, 'thuong', array[w.unit_id], 0, 'thuong', '{}', r, w.description, v, m, e, now())
  ON CONFLICT (kind, ref_id) DO UPDATE SET number_notation = excluded.number_notation, title = excluded.title, doc_date = excluded.doc_date, year = excluded.year, status = excluded.status,
    unit_ids = excluded.unit_ids, readers = excluded.readers, body = excluded.body, tsv = excluded.tsv, tsv_meta = excluded.tsv_meta, tsv_exact = excluded.tsv_exact, updated_at = now();
  -- The file's readers are its members' readers.
  UPDATE search_items SET readers = r, status = w.status WHERE kind = 'member' AND parent_id = fid AND readers IS DISTINCT FROM r;
END $$;

-- Text extraction job for a file that entered (unique per file: a file shared by several documents is read once).
CREATE FUNCTION search_queue_extract(fid uuid, organ uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO jobs (kind, payload, organ_id, run_at, max_attempts, unique_key)
  SELECT 'search.extract', jsonb_build_object('fileId', fid), organ, now(), 3, fid::text
  WHERE fid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_file_texts t WHERE t.file_id = fid)
  ON CONFLICT (kind, unique_key) WHERE unique_key IS NOT NULL DO NOTHING
$$;

-- A file's text arrived: every item showing that file is rebuilt.
CREATE FUNCTION search_refresh_file(fid uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE x uuid;
BEGIN
  FOR x IN SELECT DISTINCT document_id FROM incoming_files WHERE file_id = fid LOOP PERFORM search_refresh_incoming(x); END LOOP;
  FOR x IN SELECT DISTINCT outgoing_id FROM outgoing_versions WHERE file_id = fid
           UNION SELECT id FROM outgoing_docs WHERE fid IN (final_file_id, signed_file_id, sealed_file_id) LOOP PERFORM search_refresh_outgoing(x); END LOOP;
  FOR x IN SELECT id FROM workfile_members WHERE fid = ANY(file_ids) LOOP PERFORM search_refresh_member(x); END LOOP;
END $$;

CREATE FUNCTION search_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE j jsonb;
BEGIN
  -- One function for every table: the row as jsonb (a record's fields would be planned for the first table only).
  j := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  CASE TG_TABLE_NAME
    WHEN 'incoming_documents' THEN PERFORM search_refresh_incoming((j->>'id')::uuid);
    WHEN 'incoming_assignments' THEN PERFORM search_refresh_incoming((j->>'document_id')::uuid);
    WHEN 'incoming_files' THEN
      IF TG_OP <> 'DELETE' AND j->>'kind' <> 'progress' THEN PERFORM search_queue_extract((j->>'file_id')::uuid, (SELECT organ_id FROM files WHERE id = (j->>'file_id')::uuid)); END IF;
      PERFORM search_refresh_incoming((j->>'document_id')::uuid);
    WHEN 'outgoing_docs' THEN
      PERFORM search_refresh_outgoing((j->>'id')::uuid);
      IF TG_OP <> 'DELETE' THEN PERFORM search_queue_extract(coalesce(j->>'sealed_file_id', j->>'signed_file_id', j->>'final_file_id')::uuid, (j->>'organ_id')::uuid); END IF;
    WHEN 'outgoing_steps', 'outgoing_recipients' THEN PERFORM search_refresh_outgoing((j->>'outgoing_id')::uuid);
    WHEN 'outgoing_versions' THEN
      IF TG_OP <> 'DELETE' THEN PERFORM search_queue_extract((j->>'file_id')::uuid, (j->>'organ_id')::uuid); END IF;
      PERFORM search_refresh_outgoing((j->>'outgoing_id')::uuid);
    WHEN 'workfiles' THEN PERFORM search_refresh_workfile((j->>'id')::uuid);
    WHEN 'workfile_grants' THEN PERFORM search_refresh_workfile((j->>'workfile_id')::uuid);
    WHEN 'workfile_submission_steps' THEN PERFORM search_refresh_workfile((SELECT workfile_id FROM workfile_submissions WHERE id = (j->>'submission_id')::uuid));
    WHEN 'workfile_members' THEN
      PERFORM search_refresh_member((j->>'id')::uuid);
      IF TG_OP <> 'DELETE' THEN PERFORM search_queue_extract(f::uuid, (j->>'organ_id')::uuid) FROM jsonb_array_elements_text(j->'file_ids') f; END IF;
    WHEN 'search_file_texts' THEN PERFORM search_refresh_file((j->>'file_id')::uuid);
  END CASE;
  RETURN NULL;
END $$;

CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON incoming_documents FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON incoming_assignments FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON incoming_files FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON outgoing_docs FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON outgoing_steps FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON outgoing_recipients FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON outgoing_versions FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON workfiles FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON workfile_grants FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE ON workfile_submission_steps FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE OR DELETE ON workfile_members FOR EACH ROW EXECUTE FUNCTION search_trg();
CREATE TRIGGER search_idx AFTER INSERT OR UPDATE ON search_file_texts FOR EACH ROW EXECUTE FUNCTION search_trg();

-- Backfill: every existing row, and the extraction of the files already stored.
SELECT search_refresh_incoming(id) FROM incoming_documents;
SELECT search_refresh_outgoing(id) FROM outgoing_docs;
SELECT search_refresh_workfile(id) FROM workfiles;
SELECT search_refresh_member(id) FROM workfile_members;
SELECT search_queue_extract(f.file_id, d.organ_id) FROM incoming_files f JOIN incoming_documents d ON d.id = f.document_id WHERE f.kind <> 'progress';
SELECT search_queue_extract(v.file_id, v.organ_id) FROM outgoing_versions v;
SELECT search_queue_extract(coalesce(sealed_file_id, signed_file_id, final_file_id), organ_id) FROM outgoing_docs;
