/** Tables and columns the digitisation migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_DIGITISATION: Record<string, string[]> = {
  digitisation_batches: ['id', 'organ_id', 'created_by', 'profile', 'material', 'split', 'pages_per_doc', 'file_code', 'sign_copy', 'status', 'total_pages', 'done_pages', 'created_at', 'updated_at'],
  digitisation_scans: ['batch_id', 'ordinal', 'organ_id', 'file_id', 'kind', 'pages', 'info'],
  digitisation_items: ['id', 'batch_id', 'organ_id', 'ordinal', 'parts', 'pages', 'status', 'pages_done', 'signed', 'result_file_id', 'name', 'proposal', 'error_code', 'error_message', 'seconds', 'created_at', 'updated_at'],
};
