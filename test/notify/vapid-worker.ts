import mongoose from 'mongoose';
import { vapidKeys } from '../../server/notify/push';
import { connectMongoose } from '../../server/platform/db';

// A server process starting up, for the test of several starting together: each asks for the VAPID key
// pair when told to ("go" on stdin), as main.ts does at start, and prints the public key it got.
await connectMongoose(process.env.WORKER_URI!, process.env.WORKER_DB!);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const { publicKey } = await vapidKeys();
process.stdout.write(`key ${publicKey}\n`);
await mongoose.disconnect();
