/**
 * Every explanation `kb check` and the watcher show a trainer, in one place and in plain Vietnamese.
 * Trainers are not programmers: say what is wrong and what to write instead, never a parser's jargon.
 */

/** How a YAML value of each JSON type is named to a trainer. */
const TYPE_NAMES: Record<string, string> = {
  string: 'một đoạn chữ',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'true hoặc false',
  array: 'một danh sách (mỗi dòng bắt đầu bằng "- ")',
  object: 'một nhóm trường dạng "tên: giá trị"',
  record: 'một nhóm trường dạng "tên: giá trị"',
  null: 'để trống',
  undefined: 'không có',
};

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** The JSON type of a parsed YAML value, in the vocabulary of `TYPE_NAMES`. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const YAML_SYNTAX: Record<string, string> = {
  BAD_INDENT: 'thụt lề không đúng: các trường cùng cấp phải thẳng cột với nhau',
  TAB_AS_INDENT: 'dùng phím Tab để thụt lề; YAML chỉ chấp nhận dấu cách',
  BLOCK_AS_IMPLICIT_KEY:
    'có dấu hai chấm ":" lạ trong giá trị hoặc thụt lề sai; nếu giá trị có dấu ":" hãy đặt cả giá trị trong dấu ngoặc kép',
  MULTILINE_IMPLICIT_KEY: 'tên trường phải nằm trên một dòng; có thể dòng trên thụt lề sai hoặc thiếu dấu ":"',
  DUPLICATE_KEY: 'trường này bị viết hai lần trong cùng một mục',
  MISSING_CHAR: 'thiếu ký tự đóng (dấu ngoặc kép, ngoặc vuông hoặc ngoặc nhọn)',
  UNEXPECTED_TOKEN: 'có ký tự không đúng chỗ; kiểm tra thụt lề và dấu ":" hoặc "- " ở dòng này',
  BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự này; hãy đặt cả giá trị trong dấu ngoặc kép',
  BAD_DQ_ESCAPE: 'ký tự "\\" trong dấu ngoặc kép không hợp lệ; dùng dấu ngoặc đơn hoặc viết "\\\\"',
  MULTIPLE_DOCS: 'tệp chỉ được chứa một tài liệu YAML; hãy xóa dòng "---" ở giữa tệp',
  BLOCK_IN_FLOW: 'không được xuống dòng bên trong [ ] hoặc { }',
  KEY_OVER_1024_CHARS: 'tên trường quá dài (có thể thiếu xuống dòng)',
  NON_STRING_KEY: 'tên trường phải là chữ',
  BAD_ALIAS: 'dấu "*" ở đầu giá trị có nghĩa riêng trong YAML; hãy đặt cả giá trị trong dấu ngoặc kép',
  MULTIPLE_ANCHORS: 'dấu "&" ở đầu giá trị có nghĩa riêng trong YAML; hãy đặt cả giá trị trong dấu ngoặc kép',
  MULTIPLE_TAGS: 'dấu "!" ở đầu giá trị có nghĩa riêng trong YAML; hãy đặt cả giá trị trong dấu ngoặc kép',
  TAG_RESOLVE_FAILED: 'dấu "!" ở đầu giá trị có nghĩa riêng trong YAML; hãy đặt cả giá trị trong dấu ngoặc kép',
  BAD_COLLECTION_TYPE: 'kiểu danh sách không hợp lệ',
};

/** Codes the parser uses for several different mistakes, told apart by its message. */
const YAML_SPECIFIC: ReadonlyArray<readonly [string, RegExp, string]> = [
  ['MISSING_CHAR', /quote/i, 'thiếu dấu ngoặc kép hoặc ngoặc đơn đóng'],
  ['MISSING_CHAR', /followed by map values/i, 'thiếu dấu ":" sau tên trường'],
  ['MISSING_CHAR', /flow|[\]}]/i, 'thiếu dấu ngoặc vuông "]" hoặc ngoặc nhọn "}" đóng'],
  ['BLOCK_AS_IMPLICIT_KEY', /block sequence/i, 'danh sách (các dòng "- ") thụt lề không đúng so với tên trường phía trên'],
];

export const msg = {
  yamlSyntax(code: string, original: string): string {
    const explained = YAML_SPECIFIC.find(([c, re]) => c === code && re.test(original))?.[2] ?? YAML_SYNTAX[code];
    // Unknown codes keep the parser's own first line so nothing is lost; it is rare enough to be worth a look anyway.
    return explained ? `lỗi cú pháp YAML: ${explained}` : `lỗi cú pháp YAML: ${original.split('\n')[0]}`;
  },
  unclosedQuote(endLine: number): string {
    return `lỗi cú pháp YAML: dấu ngoặc mở ở đây chưa được đóng (tệp kết thúc ở dòng ${endLine} mà chưa thấy dấu đóng)`;
  },
  yamlWarning(original: string): string {
    return `YAML: ${original.split('\n')[0]}`;
  },
  unreadable(reason: string): string {
    return `không đọc được tệp: ${reason}`;
  },
  emptyFile: 'tệp trống',
  folderMissing: 'không tìm thấy thư mục kiến thức; kiểm tra đường dẫn hoặc biến KNOWLEDGE_DIR',

  missingField: 'thiếu trường bắt buộc',
  emptyValue: (expected: string) => `đang để trống; cần điền ${typeName(expected)}`,
  wrongType(expected: string, received: string): string {
    const hint =
      expected === 'string' && (received === 'number' || received === 'boolean')
        ? '; hãy đặt giá trị trong dấu ngoặc kép, ví dụ "113"'
        : '';
    return `phải là ${typeName(expected)}, không phải ${typeName(received)}${hint}`;
  },
  unknownField(field: string, suggestion: string | undefined, known: readonly string[]): string {
    if (suggestion) return `trường "${field}" không có trong mẫu; có phải ý bạn là "${suggestion}"?`;
    const list = known.length > 0 ? `; các trường được dùng: ${known.join(', ')}` : '';
    return `trường "${field}" không có trong mẫu${list}`;
  },
  tooFewItems: (min: number) => (min <= 1 ? 'danh sách không được để trống' : `cần ít nhất ${min} mục`),
  tooManyItems: (max: number) => `tối đa ${max} mục`,
  emptyText: 'không được để trống',
  textTooShort: (min: number) => `cần ít nhất ${min} ký tự`,
  textTooLong: (max: number) => `tối đa ${max} ký tự`,
  numberTooSmall: (min: number | bigint, inclusive: boolean) => `phải ${inclusive ? 'từ' : 'lớn hơn'} ${min} trở lên`,
  numberTooBig: (max: number | bigint, inclusive: boolean) => `phải ${inclusive ? 'không quá' : 'nhỏ hơn'} ${max}`,
  badUrl: 'đường dẫn không hợp lệ; cần có dạng https://…',
  badDate: 'ngày phải có dạng YYYY-MM-DD, ví dụ 2025-07-01',
  badFormat: 'giá trị không đúng định dạng',
  oneOf: (values: readonly unknown[]) => `phải là một trong: ${values.map((v) => String(v)).join(', ')}`,
  invalid: 'giá trị không hợp lệ',

  missingSettings: 'thiếu tệp settings.yaml (cấu hình tỉnh, đường dây nóng, ngưỡng trả lời); bot không chạy được khi thiếu tệp này',
  missingSynonyms: 'chưa có tệp synonyms.yaml: bot sẽ không hiểu các từ viết tắt như "ko", "cccd"',
  missingCommunes: 'chưa có tệp communes.yaml: bot không chuyển được câu hỏi tới đúng Công an xã/phường',
  clarifyAboveAnswer: (clarify: number, answer: number) =>
    `clarify_threshold (${clarify}) phải nhỏ hơn hoặc bằng answer_threshold (${answer})`,

  missingSchemaComment: (expected: string) =>
    `thiếu dòng đầu "# yaml-language-server: $schema=${expected}" (giúp trình soạn thảo gợi ý và gạch chân lỗi)`,
  wrongSchemaComment: (found: string, expected: string) =>
    `dòng "$schema=${found}" trỏ sai tệp mẫu; nên là "$schema=${expected}"`,
  ymlExtension: 'tệp có đuôi .yml sẽ bị bỏ qua; hãy đổi tên thành .yaml',
  yamlInSchemaDir: 'thư mục schema/ chỉ chứa tệp JSON sinh tự động; tệp YAML ở đây bị bỏ qua',
  noEntries: 'tệp chưa có mục nào',

  duplicateId: (id: string, other: string) => `id "${id}" bị trùng với mục ở ${other}`,
  groupMismatch: (group: string, id: string, expected: string) =>
    `group "${group}" phải trùng với phần đầu của id "${id}", tức là "${expected}"`,
  followsItself: (id: string) => `mục "${id}" không thể gợi ý chính nó`,
  followupMissing: (id: string, suggestion: string | undefined) =>
    `không có mục nào có id "${id}"${suggestion ? `; có phải ý bạn là "${suggestion}"?` : ''}`,
  followupDraft: (id: string) => `mục "${id}" đang là bản nháp nên người dân sẽ không xem được; bỏ gợi ý này hoặc duyệt bản nháp trước`,
  duplicateQuestion: (others: readonly string[]) => `câu hỏi mẫu này trùng với ${others.join('; ')}`,
  duplicateQuestionWithDraft: (others: readonly string[]) =>
    `câu hỏi mẫu này trùng với ${others.join('; ')}; cần sửa trước khi duyệt bản nháp`,
  repeatedQuestion: 'câu hỏi mẫu này đã có ở trên trong cùng mục',
  fewQuestions: (count: number) =>
    `mới có ${count} câu hỏi mẫu; nên có ít nhất 3 cách hỏi khác nhau (có dấu, không dấu, viết tắt) để bot nhận ra`,

  duplicateCommuneId: (id: string, other: string) => `mã xã/phường "${id}" bị trùng với ${other}`,
  duplicateCommuneName: (name: string, other: string) => `tên "${name}" bị trùng với ${other}`,
  unknownCommune: (id: string, suggestion: string | undefined) =>
    `không có xã/phường nào có mã "${id}"${suggestion ? `; có phải ý bạn là "${suggestion}"?` : ''}`,
  unknownFormerDistrict: (name: string) =>
    `"${name}" chưa có trong danh sách former_districts ở đầu tệp; hãy thêm vào đó (có thể để danh sách rỗng)`,

  /** `entries[2] (vneid.quen-mat-khau) ở vneid/tai-khoan.yaml:12` */
  place: (path: string, file: string, line: number, label?: string) =>
    `${path}${label ? ` (${label})` : ''} ở ${file}:${line}`,

  checkPassed: (entries: number, drafts: number, warnings: number) =>
    `Kho kiến thức hợp lệ: ${entries} mục${drafts > 0 ? `, ${drafts} bản nháp` : ''}${warnings > 0 ? `, ${warnings} cảnh báo` : ''}.`,
  checkFailed: (errors: number, warnings: number) =>
    `Có ${errors} lỗi${warnings > 0 ? ` và ${warnings} cảnh báo` : ''}; bot sẽ không dùng nội dung mới cho đến khi sửa hết lỗi.`,
  reloadFailed: (count: number) =>
    `Tải lại kho kiến thức không thành công (${count} lỗi); bot vẫn dùng nội dung đã tải trước đó.`,
  reloaded: (entries: number, warnings: number) =>
    `Đã tải lại kho kiến thức: ${entries} mục${warnings > 0 ? `, ${warnings} cảnh báo` : ''}.`,
  deriveFailed: (reason: string) =>
    `Không dựng được chỉ mục từ kho kiến thức mới (${reason}); bot vẫn dùng nội dung đã tải trước đó.`,
  watchFailed: (reason: string) => `Không theo dõi được thư mục kiến thức nữa (${reason}); cần khởi động lại để nhận nội dung mới.`,
  schemaWritten: (file: string) => `Đã ghi ${file}`,
};
