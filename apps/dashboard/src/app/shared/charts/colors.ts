/** Chart colours per vocabulary value; text labels always accompany them. */
export const CHART_COLORS: Record<string, string> = {
  critical: '#c62828',
  high: '#ef6c00',
  medium: '#f9a825',
  low: '#1e88e5',
  planned: '#7e57c2',
  in_progress: '#1e88e5',
  completed: '#2e7d32',
  failed: '#c62828',
  rolled_back: '#ef6c00',
  healthy: '#2e7d32',
  warning: '#f9a825',
  unknown: '#9aa0a6',
};
