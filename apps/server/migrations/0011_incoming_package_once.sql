-- An electronic package is registered once per organ, even if it is fetched again after a crash between the
-- exchange inbox row and the registration (registerElectronic returns the existing document).
CREATE UNIQUE INDEX incoming_documents_package_once ON incoming_documents (organ_id, (source_info->>'packageId'))
  WHERE source = 'edxml' AND source_info ? 'packageId';
