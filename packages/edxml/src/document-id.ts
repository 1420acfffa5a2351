// DocumentId in the comma form of the samples: `<OrganId>,<yyyy/MM/dd>,<number>/<notation>`.
import { formatEdxmlDate, parseEdxmlDate, partsFromDate } from './dates';

export function makeDocumentId(
  organId: string,
  codeNumber: string,
  codeNotation: string,
  date?: string | Date,
): string {
  const parts =
    date instanceof Date || date === undefined
      ? partsFromDate(date ?? new Date())
      : (parseEdxmlDate(date) ?? partsFromDate(new Date()));
  return `${organId},${formatEdxmlDate(parts)},${codeNumber}/${codeNotation}`;
}
