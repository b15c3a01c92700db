import mongoose from 'mongoose';

/**
 * Every document of every collection of the test's database, as text. Only for what no API can show
 * by design: that a secret or a patient's words are stored nowhere, that a refused call wrote nothing.
 */
export async function everythingStored(): Promise<string> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const texts = [];
  for (const name of names) texts.push(`${name}: ${JSON.stringify(await db.collection(name).find({}).sort({ _id: 1 }).toArray())}`);
  return texts.join('\n');
}
