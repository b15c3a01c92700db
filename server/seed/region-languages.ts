// The languages a region's demo interpreters speak, most asked first (the history weighs them in that
// order), as ISO 639-3 codes of the platform's list. Mainland regions share the asylum and migration
// languages of the ARS programmes; the overseas ones have their neighbours' (Comoros, Madagascar,
// Haiti, Suriname, Brazil).

const MAINLAND = ['ara', 'prs', 'pus', 'tir', 'sqi', 'kat', 'rus', 'ukr', 'ron', 'ben', 'tur', 'som', 'ful', 'eng', 'spa', 'fsl'];

export const REGION_LANGUAGES: Record<string, readonly string[]> = {
  // Guadeloupe, Martinique: Haitian, Dominican and Latin American patients.
  '01': ['hat', 'spa', 'eng', 'por', 'ara', 'fsl'],
  '02': ['hat', 'spa', 'eng', 'por', 'ara', 'fsl'],
  // Guyane: Haitian Creole, Brazilian Portuguese, Sranan and the Maroon languages of the Maroni river.
  '03': ['hat', 'por', 'srn', 'djk', 'srm', 'spa', 'eng', 'fsl'],
  // La Réunion: Comorian (Shingazidja, Shindzwani), Shimaore from Mayotte, Malagasy, and Tamil for the boats from Sri Lanka.
  '04': ['swb', 'zdj', 'wni', 'mlg', 'ara', 'eng', 'tam', 'fsl'],
  // Mayotte: Shimaore and Kibushi are daily care; Comorian, Malagasy and the Great Lakes' languages.
  '06': ['swb', 'buc', 'zdj', 'wni', 'mlg', 'swh', 'kin', 'fsl'],
  // Occitanie: Maghreb, Iberian and Roma patients besides the asylum languages.
  '76': ['ara', 'ary', 'kab', 'spa', 'por', 'prs', 'pus', 'tir', 'rus', 'ukr', 'ron', 'rmy', 'tur', 'sqi', 'kat', 'fsl'],
  // Pays de la Loire: the Horn of Africa and Sudan around Nantes and Angers.
  '52': ['ara', 'prs', 'pus', 'tir', 'amh', 'som', 'sqi', 'kat', 'rus', 'ukr', 'ron', 'ful', 'lin', 'eng', 'fsl'],
  // Corse: Maghreb and Portuguese workers' families.
  '94': ['ara', 'ary', 'kab', 'por', 'ron', 'ukr', 'eng', 'fsl'],
};

/** The languages of a region's demo, most asked first. */
export const regionLanguages = (region: string): readonly string[] => REGION_LANGUAGES[region] ?? MAINLAND;

/** A woman's and a man's name for interpreters of each language, as the communities carry them. */
export const INTERPRETER_NAMES: Record<string, [female: string, male: string]> = {
  ara: ['Leïla Mansour', 'Omar Khalil'], ary: ['Fatima Zahra Bennani', 'Rachid El Idrissi'], kab: ['Tassadit Amrani', 'Idir Ait Ahmed'],
  prs: ['Parwana Noori', 'Habib Rahmani'], pus: ['Malalai Zazai', 'Gul Khan Wardak'], tir: ['Helen Tesfamariam', 'Yonas Berhane'],
  amh: ['Tigist Alemayehu', 'Dawit Bekele'], som: ['Faadumo Warsame', 'Abdirahman Farah'], sqi: ['Blerta Gashi', 'Driton Berisha'],
  kat: ['Tamar Lomidze', 'Levan Japaridze'], rus: ['Natalia Orlova', 'Sergei Volkov'], ukr: ['Iryna Kovalenko', 'Andriy Shevchuk'],
  ron: ['Elena Stanciu', 'Vasile Munteanu'], rmy: ['Mirela Stoica', 'Florin Lăcătuș'], ben: ['Nusrat Jahan', 'Kamal Hossain'],
  tur: ['Elif Kaya', 'Murat Öztürk'], ful: ['Aïssatou Bah', 'Alpha Oumar Barry'], lin: ['Grâce Mbala', 'Christian Nkoy'],
  eng: ['Grace Okafor', 'Daniel Mensah'], spa: ['Lucía Herrera', 'Javier Morales'], por: ['Beatriz Santos', 'João Oliveira'],
  fsl: ['Émilie Rousseau', 'Thomas Lefèvre'], swb: ['Zaïnaba Ousseni', 'Anli Madi'], zdj: ['Echati Said', 'Ahmed Mohamed Ali'],
  wni: ['Nadjma Abdou', 'Houmadi Combo'], mlg: ['Voahangy Rakotomalala', 'Hery Randriamanana'], buc: ['Mariama Bacar', 'Soilihi Andjilani'],
  swh: ['Neema Uwase', 'Baraka Mutua'], kin: ['Claudine Uwimana', 'Jean-Paul Habimana'], tam: ['Kavitha Rajan', 'Suresh Tharmalingam'],
  hat: ['Marie-Ange Joseph', 'Jean-Robert Pierre'], srn: ['Ingrid Pinas', 'Rudy Kasanwirjo'], djk: ['Maïté Amaïkon', 'Bernard Adjako'],
  srm: ['Janine Aboikoni', 'Hugo Abienso'],
};
