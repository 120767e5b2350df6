/**
 * The service's release, as the service stamps it into index.html (`<meta name="application-version">`)
 * when it serves the dashboard: package.json's version, the same one the API document and the MCP
 * server report. Null when the page was not served by the service (e.g. a development server).
 */
export function serviceVersion(doc: Pick<Document, 'querySelector'> = document): string | null {
  return doc.querySelector('meta[name="application-version"]')?.getAttribute('content') || null;
}
