export { PushApproval } from './components/ApprovalPanel';
export { NeedsApproval } from './components/NeedsApproval';
