import { EmptyState } from '@/components/ui/states';

/** For console areas whose feature has not landed yet: a clear message, never a dead link. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      <EmptyState title={`${title} are not available yet`}>{what}</EmptyState>
    </>
  );
}
