import { expect } from 'chai';
import { fromServer } from '../../client/src/validation';

// The server's refusals (ajv keywords and its own codes) said in the form's French, not "Valeur refusée".
describe('The client says the server’s field refusals in French', () => {
  it('names the rule a value broke: format, bounds, list, check digit; an unknown code keeps the general words', () => {
    expect(fromServer([
      { field: 'buyer.siret', code: 'pattern', message: 'must match pattern "^[0-9]{14}$"' },
      { field: 'modalities.phone.unitCents', code: 'minimum', message: 'must be >= 0' },
      { field: 'cancellation.noShowBilledPercent', code: 'maximum', message: 'must be <= 100' },
      { field: 'modalities.phone.unitMinutes', code: 'enum', message: 'must be equal to one of the allowed values' },
      { field: 'vatId', code: 'checksum', message: 'the key does not match the SIREN' },
      { field: 'name', code: 'required', message: 'required' },
      { field: 'other', code: 'something_new', message: 'whatever' },
    ])).to.deep.equal({
      'buyer.siret': 'Format invalide.',
      'modalities.phone.unitCents': 'Au minimum 0.',
      'cancellation.noShowBilledPercent': 'Au maximum 100.',
      'modalities.phone.unitMinutes': 'Choisissez une valeur de la liste.',
      vatId: 'Numéro invalide : sa clé de contrôle ne correspond pas.',
      name: 'Ce champ est obligatoire.',
      other: 'Valeur refusée par le serveur.',
    });
  });
});
