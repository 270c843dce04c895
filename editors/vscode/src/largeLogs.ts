/**
 * Which open tabs hold a file that VS Code does not hand to extensions, so that the server must
 * read it from disk itself (`mailLsp/analyzeFile`). VS Code gives extensions no document over
 * 50 MB (microsoft/vscode#111849): the language client then sends no `didOpen`, and a large mail
 * log would show nothing. Pure functions over plain lists, so the rules are tested without VS Code;
 * `diskLogs.ts` feeds them the tabs, the open documents and the file sizes.
 */
import { languageOfFileName } from './selector';

/**
 * VS Code's limit: a text model over 50 MiB is not synchronised with the extension host. It counts
 * characters, not bytes, so a file just over the limit in bytes may still be handed over; such a
 * file is then among the open documents and is left to the language client.
 */
export const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

/** A text tab as the detection sees it. */
export interface TabFile {
  /** The URI as a string (`Uri.toString()`), the form the language client sends. */
  uri: string;
  scheme: string;
  /** The file's path on disk (`Uri.fsPath`). */
  fsPath: string;
}

/** A file the server is asked to read. */
export interface DiskFile {
  uri: string;
  fsPath: string;
  /** The language its name gives, sent as `languageId`. */
  languageId: string;
}

/** The base name of a path, with either separator. */
export function baseName(fsPath: string): string {
  return fsPath.split(/[\\/]/).pop() ?? fsPath;
}

/**
 * The tabs whose file the server must read from disk: `file:` URIs only (the server reads the
 * disk, nothing else), a name the document selector's languages claim, no document VS Code gave
 * the extension, and a size over the limit (`sizeOf` gives undefined for a file that cannot be
 * read). A smaller file without a document is a tab not loaded yet, which VS Code hands over once
 * it is shown. Each file once, in tab order.
 */
export function filesToRead(
  tabs: readonly TabFile[],
  openDocuments: ReadonlySet<string>,
  sizeOf: (fsPath: string) => number | undefined,
): DiskFile[] {
  const seen = new Set<string>();
  const out: DiskFile[] = [];
  for (const tab of tabs) {
    if (tab.scheme !== 'file' || seen.has(tab.uri) || openDocuments.has(tab.uri)) {
      continue;
    }
    seen.add(tab.uri);
    const languageId = languageOfFileName(baseName(tab.fsPath));
    if (languageId === undefined) {
      continue;
    }
    const size = sizeOf(tab.fsPath);
    if (size === undefined || size <= SYNC_LIMIT_BYTES) {
      continue;
    }
    out.push({ uri: tab.uri, fsPath: tab.fsPath, languageId });
  }
  return out;
}

/** The files read from disk whose last tab has closed: the server may forget them. */
export function filesClosed(read: Iterable<string>, tabs: readonly TabFile[]): string[] {
  const open = new Set(tabs.map((t) => t.uri));
  return [...read].filter((uri) => !open.has(uri));
}

/** A diagnostic as the status bar counts it. */
export interface CountedDiagnostic {
  source?: string;
  code?: string;
}

/** Codes of the server's notes about a document as a whole, not findings. */
const DOCUMENT_NOTES = new Set(['max-per-document', 'analysis-failed', 'reading']);

/**
 * How many findings mail-lsp shows for a document, and whether the per-document cap cut the
 * list (its note is then among the diagnostics).
 */
export function countFindings(diagnostics: readonly CountedDiagnostic[]): { count: number; capped: boolean } {
  const ours = diagnostics.filter((d) => d.source === 'mail-lsp');
  return {
    count: ours.filter((d) => !DOCUMENT_NOTES.has(d.code ?? '')).length,
    capped: ours.some((d) => d.code === 'max-per-document'),
  };
}
