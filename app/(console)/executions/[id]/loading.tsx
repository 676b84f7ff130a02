import { LoadingRows } from '@/components/ui/states';

export default function Loading() {
  return <LoadingRows rows={4} label="Loading the execution" />;
}
