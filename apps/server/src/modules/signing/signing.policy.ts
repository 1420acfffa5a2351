import type { Principal } from '../auth/principal';

/** Who may read a file's signature report here: members of the file's organ, and its uploader. Other modules apply their own policy and call the service. */
export function canReadReport(p: Pick<Principal, 'organId' | 'userId'>, file: { organ_id: string; uploaded_by: string | null }): boolean {
  return file.organ_id === p.organId || (file.uploaded_by !== null && file.uploaded_by === p.userId);
}

/** A deferred-signing session belongs to the user who opened it (others get 404). */
export function ownsSession(p: Pick<Principal, 'organId' | 'userId'>, s: { organ_id: string; user_id: string }): boolean {
  return s.organ_id === p.organId && s.user_id === p.userId;
}

/** Who may sign a file: its organ's members (the approval route decides the step; this is the file-level gate). */
export function canSignFile(p: Pick<Principal, 'organId' | 'userId'>, file: { organ_id: string; uploaded_by: string | null }): boolean {
  return file.organ_id === p.organId;
}
