export { EarkError } from './errors';
export { openSource, safeRelative, DEFAULT_SOURCE_LIMITS, type PackageSource, type SourceLimits } from './source';
export { validatePackage, validateSource, type Finding, type ValidationReport, type ValidateOptions } from './validate';
export { parseXml, DEFAULT_XML_LIMITS, type XmlEl, type XmlLimits } from './xml';
export {
  buildPackage,
  fileOnDisk,
  type PackageInput,
  type ContentFile,
  type MetadataFile,
  type Representation,
  type BuiltPackage,
} from './build';
export { readPackage, unpackPackage, type ReadPackage } from './read';
export { premisXml, type PremisObject, type PremisEvent, type PremisAgent } from './premis';
