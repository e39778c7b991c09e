export { CostAllocatedProject, CostAllocatedProjectAttributes, CostAllocatedProjectProps, ICostAllocatedProject } from './cost-allocated-project';
