/**
 * Public entry of the search module (tìm kiếm chung, chọn nhanh, tìm kiếm đã lưu, xuất kết quả). The index is kept by
 * the triggers of migration 0022 on the owning modules' tables; file text by the job `search.extract`.
 */
export { searchRoutes } from './search.routes';
export { registerSearchJobs, extractText, EXTRACT_JOB } from './search.extract';
export { search, KINDS, MARK_START, MARK_END, type SearchInput, type SearchResult, type Hit } from './search.service';
export { pick, PICKER_KINDS, type PickerKind, type PickItem } from './search.pickers';
export { parseQuery } from './search.query';
export { SEARCH_ERRORS, type SearchErrorCode } from './search.errors';
export type { SearchTables, ItemKind } from './search.tables';
