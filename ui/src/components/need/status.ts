// Tag colour of a need's status (display only; the status itself comes from the backend).

export function statusTag(key: string): 'success' | 'warning' | 'info' | 'danger' | 'primary' {
  switch (key) {
    case 'closed': case 'fed_back': case 'done': return 'success'
    case 'claimed': case 'in_progress': return 'warning'
    case 'rejected': return 'danger'
    case 'explained': case 'transferred': case 'merged': return 'info'
    default: return 'primary'
  }
}
