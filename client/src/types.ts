// The request as the API sends it to each audience (server/booking/views.ts).
export interface RequestView {
  id: string;
  structureId: string;
  language: string;
  modality: string;
  immediate?: boolean;
  start: string;
  end: string;
  durationMinutes: number;
  specialty?: string;
  department?: string;
  location?: { address: string; department: string };
  interpreterGender?: string;
  patientRef?: string;
  notes?: string;
  seriesId?: string;
  occurrence?: number;
  status: 'open' | 'assigned' | 'completed' | 'cancelled' | 'unfilled';
  interpreter?: { id: string; name: string };
  connection?: { kind: 'phone'; phone?: string } | { kind: 'video'; videoLink?: string } | { kind: 'onsite'; address?: string };
  atRisk?: boolean;
  cancellation?: { at: string; byRole: string; reason?: string; minutesBeforeStart: number };
  cancellationFeeCents?: number;
  completion?: { at: string; actualMinutes: number; outcome: string };
  costCents?: number;
  createdAt: string;
}
