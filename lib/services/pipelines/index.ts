export {
  createPipeline,
  deletePipeline,
  duplicatePipeline,
  getPipeline,
  getPipelineRow,
  listPipelines,
  updatePipeline,
  type PipelineDetail,
  type PipelineListOptions,
  type PipelineSource,
} from './crud';
export { getPipelineForRun, pipelinesUsingEndpoint, type PipelineForRun } from './for-run';
export { toExport, type LastExecution, type PipelineSummaryDto } from './view';
