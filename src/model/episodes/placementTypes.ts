/**
 * The placement types lacproj plans for: one list, used by the SSDA903 code map, the placement
 * transitions, sufficiency (places, gaps, costs) and the mapping of DfE's published categories.
 *
 * The types councils commission come first. The code map gives every SSDA903 code one of them
 * (`CODE_CATEGORIES`), so they are also the states of the transition model. After them come the
 * parts a projection splits a type into (supported accommodation in-house and external, by the
 * share of its children in the council's own provision) and the coarser groups a source reports
 * when it cannot tell the finer types apart: all fostering, all children's homes, DfE's "secure
 * homes and children's homes", a council's own "residential". A group names its parts where it is
 * exactly their sum; places given for every part of a group add up to the group's places.
 *
 * Names in a council's own files (`in-house foster`, `IFA foster`, `residential`, `other`, DfE's
 * wording) are read through the aliases: each type's key, its aliases, and its label, compared
 * in lower case with spaces, hyphens, underscores and apostrophes ignored.
 */

export interface PlacementTypeInfo {
  /**
   * People's words for the type, short enough for a table head: tables, reports and workbooks show
   * it (CSV and JSON keep the key). What a group or catch-all holds is in the README's list.
   */
  label: string;
  /** A short column head for wide tables. */
  short: string;
  /** A place the council provides or commissions, set against places; false for placed with parents, adoption, other. */
  isPlace: boolean;
  /** The types it is exactly the sum of, for a group. */
  parts?: readonly PlacementType[];
  /** Other names accepted in files for it. */
  aliases: readonly string[];
}

export const PLACEMENT_TYPES = [
  'fostering_inhouse',
  'fostering_agency',
  'fostering_kinship',
  'childrens_home_inhouse',
  'childrens_home_external',
  'secure_childrens_home',
  'residential_school',
  'supported',
  'with_parents',
  'adoption',
  'other',
  'unknown',
  'supported_inhouse',
  'supported_external',
  'fostering',
  'childrens_home',
  'childrens_home_or_secure',
  'residential',
  'homes_secure_semi_independent',
  'living_independently',
  'suppressed',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

/**
 * The types an SSDA903 code maps to (`data/ssda903-placement-codes.csv`) and the states of the
 * placement transitions, in this order; `unknown` is a code the map does not know for its year.
 */
export const CODE_CATEGORIES = [
  'fostering_inhouse',
  'fostering_agency',
  'fostering_kinship',
  'childrens_home_inhouse',
  'childrens_home_external',
  'secure_childrens_home',
  'residential_school',
  'supported',
  'with_parents',
  'adoption',
  'other',
  'unknown',
] as const satisfies readonly PlacementType[];
export type CodeCategory = (typeof CODE_CATEGORIES)[number];

export const PLACEMENT_TYPE_INFO: Record<PlacementType, PlacementTypeInfo> = {
  fostering_inhouse: {
    label: 'in-house fostering',
    short: 'Foster own',
    isPlace: true,
    aliases: ['in-house foster', 'in-house fostering', 'inhouse foster', 'fostering in-house', 'LA foster', 'local authority foster'],
  },
  fostering_agency: {
    label: 'agency fostering (IFA)',
    short: 'Foster IFA',
    isPlace: true,
    aliases: [
      'IFA foster',
      'IFA',
      'IFA fostering',
      'agency foster',
      'agency fostering',
      'fostering agency',
      'independent fostering agency',
    ],
  },
  fostering_kinship: {
    label: 'kinship fostering',
    short: 'Kinship',
    isPlace: true,
    aliases: ['kinship', 'kinship foster', 'kinship fostering', 'connected persons', 'family and friends foster'],
  },
  childrens_home_inhouse: {
    label: "in-house children's homes",
    short: 'Homes own',
    isPlace: true,
    aliases: ["in-house children's home", "in-house children's homes", 'in-house residential'],
  },
  childrens_home_external: {
    label: "external children's homes",
    short: 'Homes ext',
    isPlace: true,
    aliases: ["external children's home", "external children's homes", 'external residential', "private children's home"],
  },
  secure_childrens_home: {
    label: "secure children's homes",
    short: 'Secure',
    isPlace: true,
    aliases: ['secure', "secure children's home", 'secure unit', 'secure units'],
  },
  residential_school: {
    label: 'residential schools',
    short: 'Res school',
    isPlace: true,
    aliases: ['residential schools', 'residential school'],
  },
  supported: {
    label: 'supported accommodation',
    short: 'Supported',
    isPlace: true,
    aliases: [
      'supported accommodation',
      'semi-independent',
      'semi-independent living',
      'independent and semi-independent living arrangements/supported accommodation',
    ],
  },
  with_parents: {
    label: 'placed with parents',
    short: 'Parents',
    isPlace: false,
    aliases: ['placed with parents', 'with parents', 'placed with parents or other person with parental responsibility'],
  },
  adoption: { label: 'placed for adoption', short: 'Adoption', isPlace: false, aliases: ['placed for adoption'] },
  other: {
    label: 'other placements',
    short: 'Other',
    isPlace: false,
    aliases: ['other placements', 'other placement types'],
  },
  unknown: { label: 'unknown code', short: 'Unknown', isPlace: false, aliases: [] },
  supported_inhouse: { label: 'in-house supported accommodation', short: 'Supp own', isPlace: true, aliases: [] },
  supported_external: { label: 'external supported accommodation', short: 'Supp ext', isPlace: true, aliases: [] },
  fostering: {
    label: 'fostering',
    short: 'Fostering',
    isPlace: true,
    parts: ['fostering_inhouse', 'fostering_agency', 'fostering_kinship'],
    aliases: ['foster', 'foster care', 'foster placements'],
  },
  childrens_home: {
    label: "children's homes",
    short: 'Homes',
    isPlace: true,
    parts: ['childrens_home_inhouse', 'childrens_home_external'],
    aliases: ["children's homes", "children's home"],
  },
  childrens_home_or_secure: {
    label: "children's homes (incl. secure)",
    short: 'Homes+secure',
    isPlace: true,
    parts: ['childrens_home_inhouse', 'childrens_home_external', 'secure_childrens_home'],
    aliases: ["secure homes and children's homes"],
  },
  residential: {
    label: 'residential care',
    short: 'Residential',
    isPlace: true,
    parts: ['childrens_home_inhouse', 'childrens_home_external', 'secure_childrens_home', 'residential_school'],
    aliases: ['residential care'],
  },
  homes_secure_semi_independent: {
    label: 'homes, secure and semi-independent',
    short: 'Homes+semi',
    isPlace: true,
    aliases: ["secure units, children's homes and semi-independent living accommodation"],
  },
  living_independently: {
    label: 'living independently',
    short: 'Indep',
    isPlace: false,
    aliases: ['other placements in the community', 'independent living'],
  },
  suppressed: {
    label: "suppressed in DfE's figures",
    short: 'Suppressed',
    isPlace: false,
    aliases: [],
  },
};

/** Lower case, with spaces, hyphens, underscores, apostrophes and "&" ignored: how names are compared. */
export function normaliseTypeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[\s_\-'’]+/g, '');
}

const BY_NAME: ReadonlyMap<string, PlacementType> = new Map<string, PlacementType>(
  PLACEMENT_TYPES.flatMap((type) => {
    const info = PLACEMENT_TYPE_INFO[type];
    return [type, info.label, ...info.aliases].map((name) => [normaliseTypeName(name), type] as const);
  }),
);

/**
 * The placement type a name in a file means: a key, an alias or a label; undefined when none.
 * @example placementTypeOf('IFA foster') // 'fostering_agency'; placementTypeOf('Residential') // 'residential'
 */
export function placementTypeOf(name: string): PlacementType | undefined {
  return BY_NAME.get(normaliseTypeName(name));
}

/** Every name a file may use, for messages that list them. */
export function acceptedTypeNames(): string {
  return PLACEMENT_TYPES.filter((t) => t !== 'unknown')
    .map((t) => {
      const aliases = PLACEMENT_TYPE_INFO[t].aliases;
      return aliases.length > 0 ? `${t} (or ${aliases.map((a) => `"${a}"`).join(', ')})` : t;
    })
    .join('; ');
}
