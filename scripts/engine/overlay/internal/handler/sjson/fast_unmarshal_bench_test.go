// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package sjson

import (
	"fmt"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// typicalRequest is a booking request of the platform as it is stored after its session: about 3 KB.
func typicalRequest() *types.Document {
	id := func(b byte) types.ObjectID { return types.ObjectID{0x65, 0x4f, 0x1c, b, 0, 0, 0, 0, 0, 0, 0x10, b} }
	at := func(minutes int64) time.Time { return time.UnixMilli(1_765_000_000_000 + minutes*60_000) }
	change := func(version int32, event, role string, minutes int64) *types.Document {
		return must.NotFail(types.NewDocument(
			"version", version, "event", event, "at", at(minutes), "byRole", role, "byUserId", id(byte(version)),
		))
	}

	return must.NotFail(types.NewDocument(
		"_id", id(1),
		"structureId", id(2),
		"requesterId", id(3),
		"language", "ara",
		"modality", "video",
		"immediate", false,
		"start", at(1440),
		"end", at(1500),
		"timeZone", "Europe/Paris",
		"durationMinutes", int32(60),
		"specialty", "psychiatrie",
		"location", must.NotFail(types.NewDocument("address", "Hôpital Édouard-Herriot, 5 place d'Arsonval, 69003 Lyon", "department", "69")),
		"interpreterGender", "any",
		"patientRef", "PASS-2026-004217",
		"notes", "Consultation de suivi : patiente arrivée en France il y a trois mois, première consultation avec \"interprète\" en arabe syrien.\nPrévoir 10 minutes de plus.",
		"callbackPhone", "+33 4 72 11 00 00",
		"status", "completed",
		"version", int32(7),
		"interpreterId", id(4),
		"agencyId", id(5),
		"assignedAt", at(12),
		"candidateAgencyIds", must.NotFail(types.NewArray(id(5), id(6), id(7))),
		"wave", int32(2),
		"eligibleAtBooking", int32(14),
		"uncovered", false,
		"unfilledReason", types.Null,
		"costCents", int32(4680),
		"billedMinutes", int32(60),
		"committedCents", int32(4680),
		"tariffVersion", "2026-01",
		"completion", must.NotFail(types.NewDocument(
			"at", at(1502), "actualMinutes", int32(58), "outcome", "held", "measuredSeconds", int32(3481), "heldByCallback", false,
		)),
		"verification", "confirmed",
		"verificationDueAt", at(4382),
		"verifiedAt", at(1700),
		"feedback", must.NotFail(types.NewDocument(
			"at", at(1710), "byUserId", id(3), "rating", int32(5), "comment", "Très bien, merci.", "doNotSendAgain", false,
		)),
		"withdrawals", must.NotFail(types.NewArray(must.NotFail(types.NewDocument(
			"interpreterId", id(8), "at", at(6), "minutesBeforeStart", int32(1434), "late", false,
		)))),
		"erasedAt", types.Null,
		"dispatchPlannedAt", at(0),
		"calendarSequence", int32(1),
		"calendarAttendees", must.NotFail(types.NewArray(
			must.NotFail(types.NewDocument("email", "requester@chu-lyon.example.fr", "role", "requester")),
			must.NotFail(types.NewDocument("email", "interp04@isara.example.fr", "role", "interpreter")),
		)),
		"idempotencyKeyId", "1f0c3e9a-7b2d-4c55-9e0a-3d2b1c0f9e8d",
		"changes", must.NotFail(types.NewArray(
			change(1, "created", "requester", 0),
			change(2, "offered", "system", 1),
			change(3, "accepted", "interpreter", 6),
			change(4, "withdrawn", "interpreter", 7),
			change(5, "offered", "system", 9),
			change(6, "accepted", "interpreter", 12),
			change(7, "completed", "interpreter", 1502),
		)),
		"createdAt", at(0),
		"updatedAt", at(1710),
		"__v", int32(0),
		"score", 0.875,
	))
}

func TestUnmarshalFastTypicalRequest(t *testing.T) {
	t.Parallel()

	data := must.NotFail(Marshal(typicalRequest()))
	checkAgainstEncodingJSON(t, data, true)
	t.Logf("a typical request is %d bytes of sjson", len(data))
}

func BenchmarkUnmarshal(b *testing.B) {
	data := must.NotFail(Marshal(typicalRequest()))

	for name, decode := range map[string]func([]byte) (*types.Document, error){
		"encoding-json": unmarshalEncodingJSON,
		"fast":          Unmarshal,
	} {
		b.Run(fmt.Sprintf("%s/%dB", name, len(data)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))

			for i := 0; i < b.N; i++ {
				if _, err := decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
