'use client';

import { yaml as yamlLanguage } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';
import type { FieldIssue } from '@/lib/api/errors';

/** The whole document as YAML, editable; problems are marked at their line and listed below. */
export function YamlTab({
  text,
  onText,
  issues,
}: {
  text: string;
  onText: (t: string) => void;
  issues: FieldIssue[];
}) {
  const extensions = useMemo(
    () => [
      yamlLanguage(),
      lintGutter(),
      linter(
        (view) =>
          issues
            .filter((i) => i.line && i.line <= view.state.doc.lines)
            .map((i): Diagnostic => {
              const line = view.state.doc.line(i.line!);
              return {
                from: line.from,
                to: line.to,
                severity: 'error',
                message: i.path ? `${i.path}: ${i.message}` : i.message,
              };
            }),
        { delay: 0 },
      ),
    ],
    [issues],
  );
  return (
    <div className="stack">
      <p className="muted small">
        The whole pipeline as it is exported (GET …?format=yaml). Edits apply when you leave this
        tab or save.
      </p>
      <CodeMirror
        value={text}
        height="520px"
        extensions={extensions}
        onChange={onText}
        aria-label="Pipeline YAML"
      />
      {issues.length > 0 && (
        <ul className="alert error" role="alert" aria-label="YAML problems">
          {issues.map((i, n) => (
            <li key={n}>
              {i.line ? <strong>Line {i.line}: </strong> : null}
              {i.path && <span className="mono">{i.path}: </span>}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
