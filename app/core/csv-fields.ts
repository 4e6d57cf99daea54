/** The mention fields a CSV column can be mapped to (shared by the import form and the importer). */
export const CSV_FIELDS = ["id", "text", "title", "author", "rating", "date", "url"] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export type CsvMapping = Partial<Record<CsvField, string>>;
