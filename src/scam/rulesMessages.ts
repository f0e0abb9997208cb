/** What the rules loader tells a trainer about `knowledge/scam/*.yaml`, in plain Vietnamese. */
export const rulesMsg = {
  noFolder: (dir: string) => `không tìm thấy thư mục quy tắc kiểm tra lừa đảo ${dir}`,
  noFiles: 'thư mục scam/ chưa có tệp .yaml nào',
  unreadable: (reason: string) => `không đọc được tệp: ${reason}`,
  emptyFile: 'tệp trống',
  ymlIgnored: 'tệp có đuôi .yml sẽ bị bỏ qua; hãy đổi tên thành .yaml',
  missingSection: (section: string) => `chưa có mục "${section}" trong các tệp knowledge/scam/*.yaml`,
  sectionTwice: (section: string, other: string) => `mục "${section}" chỉ được khai báo một lần; đã có ở ${other}`,
  duplicateCode: (code: string, other: string) => `mã "${code}" bị trùng với ${other}`,
  reservedCode: (code: string) => `mã "${code}" là mã do chương trình tự tính; hãy đặt tên khác`,
  unknownCode: (code: string, suggestion: string | undefined) =>
    `không có dấu hiệu nào có mã "${code}"${suggestion ? `; có phải ý bạn là "${suggestion}"?` : ''}`,
  duplicateDomain: (domain: string, other: string) => `tên miền "${domain}" đã có ở ${other}`,
  place: (file: string, line: number) => `${file}:${line}`,
  loaded: (signals: number, domains: number) => `Quy tắc kiểm tra lừa đảo hợp lệ: ${signals} dấu hiệu nội dung, ${domains} tên miền chính thống.`,
};
