import { ChildFailedError, retry, saga, step, workflow } from "durable-gen";

export interface Trip {
  traveller: string;
  from: string;
  to: string;
  nights: number;
  /** The car class to rent; the rental desk has no "van" left, which makes the saga roll back. */
  car: "compact" | "van";
}

/**
 * A trip booking saga: book a flight, a hotel and a car. When a later booking fails, the earlier ones are
 * cancelled in reverse order (hotel, then flight) and the traveller is told why.
 */
export const tripWorkflow = workflow("trip", function* (trip: Trip) {
  try {
    const booking = yield* saga("book-trip", function* (undo) {
      const flight = yield* step("book-flight", () => ({ flightId: `fl-${trip.from}-${trip.to}`, seat: "14C" }));
      undo.compensate(step("cancel-flight", () => ({ cancelled: flight.flightId })));

      const hotel = yield* step("book-hotel", () => ({ hotelId: `ht-${trip.to}`, nights: trip.nights }));
      undo.compensate(step("cancel-hotel", () => ({ cancelled: hotel.hotelId })));

      const car = yield* step("book-car", () => {
        if (trip.car === "van") throw new Error(`no ${trip.car} available in ${trip.to}`);
        return { carId: `car-${trip.to}-${trip.car}` };
      }, { retry: retry({ maxAttempts: 2, initialDelay: 5, jitter: "none" }) });
      return { flight, hotel, car };
    });
    return { status: "booked" as const, ...booking };
  } catch (error) {
    if (!(error instanceof ChildFailedError)) throw error;
    yield* step("notify-traveller", () => ({ to: trip.traveller, message: `trip cancelled: ${error.message}` }));
    return { status: "rolled-back" as const, reason: error.message };
  }
});
