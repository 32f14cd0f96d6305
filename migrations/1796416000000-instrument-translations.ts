import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The default instrument installed by SurveyEngine1795600000000. */
const DEFAULT_INSTRUMENT_ID = '5a1d0c1e-7b1f-4c56-9f3e-2d5b8c0a0001';

type Pair = readonly [english: string, welsh: string];

const AGREEMENT: Record<string, Pair> = {
  strongly_disagree: ['Strongly disagree', 'Anghytuno’n gryf'],
  disagree: ['Disagree', 'Anghytuno'],
  neither_agree_nor_disagree: ['Neither agree nor disagree', 'Ddim yn cytuno nac yn anghytuno'],
  agree: ['Agree', 'Cytuno'],
  strongly_agree: ['Strongly agree', 'Cytuno’n gryf'],
};
const QUALITY: Record<string, Pair> = {
  very_poor: ['Very poor', 'Gwael iawn'],
  poor: ['Poor', 'Gwael'],
  neither_good_nor_poor: ['Neither good nor poor', 'Ddim yn dda nac yn wael'],
  good: ['Good', 'Da'],
  very_good: ['Very good', 'Da iawn'],
};

/**
 * Relationship Health Pulse v1 in Welsh, beside the English it translates: frozen data, copied here
 * rather than imported, so this migration installs the same words whenever it runs. Not yet reviewed
 * by a Welsh speaker (docs/translations.md).
 */
const WELSH = {
  name: ['Relationship Health Pulse', 'Pwls Iechyd y Berthynas'],
  description: [
    'The quarterly pulse of trust and joint working between the member organisations of a footprint.',
    'Pwls chwarterol o ymddiriedaeth a chydweithio rhwng y sefydliadau sy’n aelodau o bartneriaeth.',
  ],
  dimensions: {
    trust: ['Trust', 'Ymddiriedaeth'],
    shared_purpose: ['Shared purpose', 'Pwrpas cyffredin'],
    involvement: ['Involvement', 'Cyfranogiad'],
    communication: ['Communication', 'Cyfathrebu'],
    delivery: ['Delivery', 'Cyflawni'],
  } as Record<string, Pair>,
  questions: {
    trust_commitments: { text: ['Partners deliver on what they commit to.', 'Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo.'], options: AGREEMENT },
    trust_openness: {
      text: ['Partners are open about difficulties: they share the good, the bad and the ugly.', 'Mae partneriaid yn agored am anawsterau: maent yn rhannu’r da, y drwg a’r hyll.'],
      options: AGREEMENT,
    },
    trust_nhs_council: {
      text: [
        'Overall, how would you describe the relationship between the NHS and local government in this partnership?',
        'At ei gilydd, sut fyddech chi’n disgrifio’r berthynas rhwng y GIG a llywodraeth leol yn y bartneriaeth hon?',
      ],
      options: { limited: ['Limited', 'Cyfyngedig'], reasonable: ['Reasonable', 'Rhesymol'], very_strong: ['Very strong', 'Cryf iawn'] },
    },
    purpose_shared_goals: { text: ['Partners share goals for the population.', 'Mae partneriaid yn rhannu nodau ar gyfer y boblogaeth.'], options: AGREEMENT },
    purpose_joint_working: {
      text: ['Joint working is essential to the sustainability of health and care services here.', 'Mae cydweithio’n hanfodol i gynaliadwyedd gwasanaethau iechyd a gofal yma.'],
      options: AGREEMENT,
    },
    involvement_decisions: {
      text: ['How involved is your organisation in partnership decisions?', 'I ba raddau y mae eich sefydliad yn rhan o benderfyniadau’r bartneriaeth?'],
      options: {
        none: ['None', 'Dim o gwbl'],
        limited: ['Limited', 'Cyfyngedig'],
        moderate: ['Moderate', 'Cymedrol'],
        significant: ['Significant', 'Sylweddol'],
        full: ['Full', 'Llawn'],
      },
    },
    involvement_equal_partner: { text: ['Local government is an equal partner.', 'Mae llywodraeth leol yn bartner cyfartal.'], options: AGREEMENT },
    communication_information: {
      text: ['Information is shared between partners in a timely, accurate way.', 'Caiff gwybodaeth ei rhannu rhwng partneriaid mewn modd amserol a chywir.'],
      options: AGREEMENT,
    },
    communication_problem_solving: {
      text: ['Problems are solved together rather than blamed on one partner.', 'Caiff problemau eu datrys gyda’i gilydd yn hytrach na rhoi’r bai ar un partner.'],
      options: AGREEMENT,
    },
    delivery_progress: {
      text: ['How much progress has the partnership made on its joint projects?', 'Faint o gynnydd y mae’r bartneriaeth wedi’i wneud ar ei phrosiectau ar y cyd?'],
      options: {
        very_little: ['Very little', 'Ychydig iawn'],
        little: ['Little', 'Ychydig'],
        some: ['Some', 'Peth'],
        good: ['Good', 'Da'],
        significant: ['Significant', 'Sylweddol'],
      },
    },
    delivery_integration_likelihood: {
      text: ['How likely is tangible integration of services within the next year?', 'Pa mor debygol yw integreiddio gwasanaethau’n ddiriaethol o fewn y flwyddyn nesaf?'],
      options: {
        very_unlikely: ['Very unlikely', 'Annhebygol iawn'],
        unlikely: ['Unlikely', 'Annhebygol'],
        neither_likely_nor_unlikely: ['Neither likely nor unlikely', 'Ddim yn debygol nac yn annhebygol'],
        likely: ['Likely', 'Tebygol'],
        very_likely: ['Very likely', 'Tebygol iawn'],
      },
    },
    delivery_relations_change: {
      text: ['How have relations between the partners changed this quarter?', 'Sut mae’r berthynas rhwng y partneriaid wedi newid y chwarter hwn?'],
      options: {
        much_worse: ['Much worse', 'Llawer gwaeth'],
        worse: ['Worse', 'Gwaeth'],
        about_the_same: ['About the same', 'Tua’r un fath'],
        better: ['Better', 'Gwell'],
        much_better: ['Much better', 'Llawer gwell'],
      },
    },
    partner_overall: { text: ['Overall, how is your relationship with this organisation?', 'At ei gilydd, sut mae eich perthynas â’r sefydliad hwn?'], options: QUALITY },
    partner_reliable: { text: ['It is reliable: it delivers on what it commits to.', 'Mae’n ddibynadwy: mae’n cyflawni’r hyn y mae’n ymrwymo iddo.'], options: AGREEMENT },
    partner_mission: { text: ["It supports the partnership's mission.", 'Mae’n cefnogi cenhadaeth y bartneriaeth.'], options: AGREEMENT },
    partner_open: { text: ['It is open to discussion.', 'Mae’n agored i drafodaeth.'], options: AGREEMENT },
    partner_communication: { text: ['It communicates with us in a timely, accurate way.', 'Mae’n cyfathrebu â ni mewn modd amserol a chywir.'], options: AGREEMENT },
    partner_problem_solving: { text: ['It solves problems with us rather than blaming.', 'Mae’n datrys problemau gyda ni yn hytrach na rhoi bai.'], options: AGREEMENT },
    partner_closer_links: {
      text: ['We would value closer links with it.', 'Byddem yn gwerthfawrogi cysylltiadau agosach ag ef.'],
      options: { no: ['No', 'Na'], yes: ['Yes', 'Ie'] },
    },
    main_barrier: {
      text: ['What is the main barrier to joint working in this partnership?', 'Beth yw’r prif rwystr i gydweithio yn y bartneriaeth hon?'],
      options: {
        different_performance_regimes: ['Different performance regimes', 'Trefnau perfformiad gwahanol'],
        different_it_systems: ['Different IT systems', 'Systemau TG gwahanol'],
        cost_shunting_between_budgets: ['Cost shunting between budgets', 'Symud costau rhwng cyllidebau'],
        staff_terms_and_conditions: ['Staff terms and conditions', 'Telerau ac amodau staff'],
        culture: ['Culture', 'Diwylliant'],
        funding: ['Funding', 'Cyllid'],
        other: ['Other', 'Arall'],
      },
    },
    comments: {
      text: ['Anything else you would like the partnership leads to know?', 'Unrhyw beth arall yr hoffech i arweinwyr y bartneriaeth ei wybod?'],
      options: {},
    },
  } as Record<string, { text: Pair; options: Record<string, Pair> }>,
} as const;

interface StoredQuestion {
  key: string;
  text: string;
  options: { value: string; label: string }[];
}

/**
 * Instrument versions carry translations of their words (name, description, dimension names,
 * question texts, option labels) by language tag, immutable with the rest of the version; and the
 * default instrument, v1, gets its Welsh. Translations change no stored answer or score (answers are
 * option values in any language), so v1 carries them itself: a v2 would leave every round already
 * on v1, open ones included, without Welsh, and every footprint's schedule to be moved. Each Welsh string goes in only where the English it translates is
 * still the installed text: an unused v1 edited in place keeps no translation of words it lost.
 */
export class InstrumentTranslations1796416000000 implements MigrationInterface {
  name = 'InstrumentTranslations1796416000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE instrument ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'::jsonb`);
    const [instrument]: { name: string; description: string | null; dimensions: { key: string; name: string }[] }[] = await queryRunner.query(
      'SELECT name, description, dimensions FROM instrument WHERE id = $1',
      [DEFAULT_INSTRUMENT_ID],
    );
    if (!instrument) return;
    const questions: StoredQuestion[] = await queryRunner.query('SELECT key, text, options FROM question WHERE instrument_id = $1', [DEFAULT_INSTRUMENT_ID]);
    // A Welsh string only where the installed English is still the English it translates.
    const welsh = (pair: Pair | undefined, english: string | null | undefined) => (pair && pair[0] === english ? pair[1] : undefined);
    const compact = <T>(entries: [string, T | undefined][]): Record<string, T> => Object.fromEntries(entries.filter((entry): entry is [string, T] => entry[1] !== undefined));
    const nonEmpty = <T extends object>(value: T) => (Object.keys(value).length ? value : undefined);
    const cy = compact<unknown>([
      ['name', welsh(WELSH.name, instrument.name)],
      ['description', welsh(WELSH.description, instrument.description)],
      ['dimensions', nonEmpty(compact(instrument.dimensions.map((d) => [d.key, welsh(WELSH.dimensions[d.key], d.name)])))],
      [
        'questions',
        nonEmpty(
          compact(
            questions.map((question) => {
              const source = WELSH.questions[question.key];
              const options = nonEmpty(compact(question.options.map((o) => [o.value, welsh(source?.options[o.value], o.label)])));
              return [question.key, nonEmpty(compact<unknown>([['text', welsh(source?.text, question.text)], ['options', options]]))];
            }),
          ),
        ),
      ],
    ]);
    if (Object.keys(cy).length) await queryRunner.query('UPDATE instrument SET translations = $2 WHERE id = $1', [DEFAULT_INSTRUMENT_ID, JSON.stringify({ cy })]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE instrument DROP COLUMN translations');
  }
}
