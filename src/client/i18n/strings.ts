// The glossary: Bahasa Indonesia first, English second. Components never
// hold text of their own; they ask for a key.
import type { adminId } from './admin-strings.ts';
import type { reviewId } from './review-strings.ts';
import { mgmtSessionId } from './mgmt-session-strings.ts';
import type { productsId } from './products-strings.ts';
import { messageId } from './message-strings.ts';
import type { auditId } from './audit-strings.ts';
import { pushId } from './push-strings.ts';
import { outletsId } from './outlets-strings.ts';
import type { labelsId } from './labels-strings.ts';
import type { settlementId } from './settlement-strings.ts';
import type { stockId } from './stock-strings.ts';
import type { receiptsId } from './receipts-strings.ts';
import type { reportsId } from './reports-strings.ts';
import type { shiftId } from './shift-strings.ts';
import type { sharedDrawerId } from './shared-drawer-strings.ts';
import type { shiftAdminId } from './shift-admin-strings.ts';

const counter = {
  appName: 'Kasir Karya',
  productStoryOf: 'Cerita {name}',
  navCheckout: 'Kasir',
  navSales: 'Penjualan Hari Ini',
  navSettings: 'Pengaturan',
  mainNav: 'Navigasi utama',
  searchLabel: 'Cari produk',
  searchPlaceholder: 'Cari nama, kode, kategori, atau produsen…',
  searchResults: 'Hasil pencarian',
  noResults: 'Tidak ada produk yang cocok dengan "{q}".',
  add: 'Tambah',
  stockLeft: 'Stok {n}',
  stockUnknown: 'Stok belum diketahui',
  catalogEmpty: 'Katalog belum ada di perangkat ini. Sambungkan ke jaringan sekali untuk mengunduhnya.',
  cart: 'Keranjang',
  cartEmpty: 'Keranjang kosong. Cari atau pindai produk untuk mulai.',
  qty: 'Jumlah',
  increaseQty: 'Tambah jumlah {name}',
  decreaseQty: 'Kurangi jumlah {name}',
  removeLine: 'Hapus {name}',
  subtotal: 'Subtotal',
  discount: 'Diskon',
  total: 'Total',
  items: '{n} barang',
  itemsColumn: 'Barang',
  pay: 'Bayar',
  payCash: 'Bayar Tunai',
  cancelSale: 'Batalkan Transaksi',
  confirmCancel: 'Kosongkan keranjang?',
  cash: 'Tunai',
  amountReceived: 'Uang Diterima',
  exactCash: 'Uang Pas',
  quickCash: 'Nominal cepat',
  change: 'Kembalian',
  remaining: 'Kurang',
  finishSale: 'Selesaikan Penjualan',
  finishZeroTotal: 'Totalnya Rp 0, jadi tidak ada pembayaran untuk diselesaikan. Kembalikan harga atau diskonnya, atau batalkan penjualan.',
  saving: 'Menyimpan…',
  back: 'Kembali',
  invalidAmount: 'Jumlah tidak valid. Ketik angka rupiah, misalnya 50000 atau 50.000.',
  saleSaved: 'Penjualan tersimpan',
  receiptNo: 'No. Struk',
  newSale: 'Transaksi Baru',
  saveFailed: 'Penjualan BELUM tersimpan: {reason}. Keranjang tetap di layar; coba lagi sebelum transaksi berikutnya.',
  storageFull: 'penyimpanan perangkat penuh. Hapus data lain di peramban atau sinkronkan lalu coba lagi',
  dbClosed: 'basis data tertutup (tab lain memperbarui aplikasi?). Muat ulang halaman',
  cartChanged: 'keranjang berubah di jendela lain; periksa lalu bayar lagi',
  salesToday: 'Penjualan Hari Ini',
  noSalesToday: 'Belum ada penjualan hari ini di perangkat ini.',
  salesCount: '{n} transaksi, total {total}',
  time: 'Waktu',
  status: 'Status',
  syncPending: 'Belum tersinkron',
  syncSynced: 'Tersinkron',
  syncFlagged: 'Perlu diperiksa',
  syncRejected: 'Ditolak server',
  online: 'Online',
  offline: 'Mode Offline',
  pendingRecords: '{n} data belum tersinkron',
  allSynced: 'Semua tersinkron',
  syncNotEnrolled: 'Perangkat belum terdaftar: belum ada yang bisa disinkronkan',
  syncNow: 'Sinkronkan Sekarang',
  syncing: 'Menyinkronkan…',
  syncStatus: 'Status sinkronisasi',
  syncErrorUnreachable: 'Server tidak terjangkau ({detail}). Penjualan aman di perangkat; akan dicoba lagi otomatis.',
  syncErrorUpdate: 'Perlu pembaruan aplikasi: {detail}. Penjualan tetap disimpan sampai aplikasi diperbarui.',
  syncErrorRefused: 'Server menolak ({detail}). Hubungi admin; penjualan tetap di perangkat.',
  lastSync: 'Sinkron terakhir {time}',
  updateAvailable: 'Versi baru aplikasi tersedia.',
  updateNow: 'Perbarui Sekarang',
  updateWaitCart: 'Selesaikan atau kosongkan keranjang dulu untuk memperbarui.',
  later: 'Nanti',
  offlineReady: 'Aplikasi siap dipakai tanpa internet.',
  settings: 'Pengaturan',
  language: 'Bahasa',
  outlet: 'Outlet',
  deviceId: 'ID perangkat',
  storagePersist: 'Penyimpanan permanen',
  persistGranted: 'Diizinkan: peramban tidak akan menghapus data penjualan.',
  persistDenied: 'Tidak diizinkan: peramban bisa menghapus data saat ruang penyimpanan menipis. Pasang aplikasi ke layar utama agar diizinkan.',
  persistUnknown: 'Belum diketahui.',
  persistAsk: 'Minta penyimpanan permanen',
  saved: 'Tersimpan',
  catalogInfo: '{n} produk di perangkat, versi katalog {v}',
  // Counter (issue 3)
  qris: 'QRIS',
  card: 'Kartu',
  transfer: 'Transfer',
  paymentMethod: 'Metode pembayaran',
  reference: 'No. referensi (opsional)',
  addPayment: 'Tambahkan Pembayaran',
  payments: 'Pembayaran',
  removePayment: 'Hapus pembayaran {method} {amount}',
  qrisScan: 'Minta pelanggan memindai QRIS ini',
  qrisNotSet: 'QRIS outlet belum diatur di Pengaturan: pakai QRIS cetak, lalu konfirmasi setelah dana masuk.',
  qrisConfirm: 'Dana QRIS sudah masuk (dicek di aplikasi bank)',
  qrisTooLarge: 'QRIS maksimal Rp 10.000.000 per transaksi. Pisahkan pembayaran atau pakai metode lain.',
  qrisInvalid: 'QRIS tidak valid: {reason}',
  qrisCode: 'Kode QRIS untuk {amount}',
  amount: 'Jumlah',
  payTitle: 'Pembayaran',
  rounding: 'Pembulatan',
  paid: 'Dibayar',
  nonCashTooMuch: 'Pembayaran non-tunai melebihi total. Kurangi jumlahnya; kembalian hanya dari tunai.',
  lineDiscount: 'Diskon {name}',
  discountKind: 'Jenis diskon',
  orderDiscount: 'Diskon transaksi',
  note: 'Catatan',
  hold: 'Tahan Transaksi',
  heldCarts: 'Transaksi ditahan',
  resume: 'Lanjutkan {label}',
  holdLabel: 'Penanda pelanggan (opsional)',
  discardHeld: 'Hapus {label}',
  heldLabelDefault: '{n} barang, {total}',
  setQty: 'Jumlah {name}',
  qtyEmpty: 'Jumlah kosong: ketik angka 1 sampai {max}. Jumlah tetap {qty}.',
  qtyNotNumber: 'Jumlah hanya angka, misalnya 2. Jumlah tetap {qty}.',
  qtyNotWhole: 'Jumlah harus bilangan bulat, misalnya 2, bukan pecahan. Jumlah tetap {qty}.',
  qtyBelowOne: 'Jumlah paling sedikit 1; untuk membuang barang pakai tombol ✕. Jumlah tetap {qty}.',
  qtyTooMany: 'Jumlah paling banyak {max} per baris. Jumlah tetap {qty}.',
  invalidDiscount: 'Diskon tidak valid: persen 0-100 atau rupiah.',
  ppnIncluded: 'Harga sudah termasuk PPN',
  apply: 'Terapkan',
  edit: 'Ubah',
  removeDiscount: 'Hapus diskon',
  scanUnknown: 'Kode {code} tidak dikenal.',
  scanBadCheckDigit: 'Kode {code} salah terbaca: angka terakhirnya seharusnya {expected}. Pindai ulang barangnya.',
  searchForIt: 'Cari "{code}"',
  typedBadCheckDigit: 'Kode {code} salah ketik: angka terakhirnya seharusnya {expected}. Periksa lagi angkanya.',
  scanAdded: '{name} ditambahkan',
  cameraScan: 'Pindai dengan Kamera',
  cameraStop: 'Tutup Kamera',
  cameraUnavailable: 'Kamera tidak bisa dipakai: {reason}',
  cameraHint: 'Arahkan barcode ke kamera',
  allCategories: 'Semua kategori',
  category: 'Kategori',
  view: 'Tampilan',
  viewGrid: 'Kotak',
  viewList: 'Daftar',
  dismiss: 'Tutup pesan',
  printReceipt: 'Cetak Struk',
  reprint: 'Cetak Ulang',
  sendWhatsApp: 'Kirim via WhatsApp',
  waNumber: 'Nomor WhatsApp pelanggan (opsional)',
  openSale: 'Buka struk {receipt}',
  saleDetail: 'Struk {receipt}',
  close: 'Tutup',
  printFailed: 'Printer gagal ({reason}); memakai dialog cetak.',
  taxMode: 'Pajak (PPN)',
  taxNone: 'Tidak memungut PPN',
  taxIncluded: 'Harga sudah termasuk PPN 11%',
  roundingStep: 'Pembulatan tunai',
  roundingNone: 'Tanpa pembulatan',
  storeName: 'Nama toko',
  storeAddress: 'Alamat toko',
  npwp: 'NPWP (jika PKP)',
  qrisStatic: 'QRIS statis outlet (teks dari bank)',
  qrisValid: 'QRIS valid: {name}, {city}',
  scannerGap: 'Jeda maksimum antar tombol pemindai (ms)',
  paperWidth: 'Lebar kertas struk',
  printerConnection: 'Printer struk',
  printerDialog: 'Dialog cetak peramban',
  printerUsb: 'USB (WebUSB)',
  printerSerial: 'Serial (Web Serial)',
  printerBluetooth: 'Bluetooth (BLE)',
  printerPair: 'Sambungkan printer',
  printerUnsupported: 'Peramban ini tidak mendukung {kind}; struk dicetak lewat dialog cetak.',
  printerPaired: 'Printer tersambung: {name}',
  save: 'Simpan',
  counterSettings: 'Kasir dan struk',
  waInvalid: 'Nomor WhatsApp tidak valid: periksa lagi (contoh 0812 3456 7890).',
  resetDevice: 'Hapus semua data perangkat ini',
  storeSettingsManagersOnly: 'Pengaturan toko dan penghapusan data perangkat hanya dapat diubah oleh supervisor atau admin. Minta mereka masuk di perangkat ini.',
  resetConfirm: 'Semua produk, penjualan, dan pengaturan di perangkat ini akan dihapus. Lanjutkan?',
  resetRefused: 'Ditolak: {n} penjualan belum ada di server. Sinkronkan dulu, atau ekspor ke file lalu impor di perangkat lain.',
  dangerZone: 'Data perangkat',
  importFile: 'Impor file penjualan dari perangkat lain',
  importDone: 'Impor selesai: {stored} penjualan baru tersimpan, {already} sudah ada, {flagged} perlu diperiksa, {refused} ditolak.',
  importGap: 'Server belum punya penjualan sebelum nomor urut {seq} dari perangkat itu; ekspor ulang dari perangkat tersebut bila masih ada.',
  importFailed: 'Impor gagal: {reason}',
  navReview: 'Tinjauan',
  reviewTitle: 'Tinjauan supervisor',
  reload: 'Muat ulang',
  loading: 'Memuat…',
  chunkFailedTitle: 'Halaman ini belum tersimpan di perangkat',
  chunkFailedBody: 'Perangkat sedang offline dan bagian aplikasi ini belum sempat diunduh. Penjualan dan data lain aman. Sambungkan ke jaringan, lalu tekan Coba Lagi.',
  renderFailedTitle: 'Halaman ini gagal ditampilkan',
  renderFailedBody: 'Penjualan dan data lain aman. Tekan Coba Lagi; bila masih gagal, muat ulang aplikasi dan sampaikan pesan ini ke admin: {detail}',
  tryAgain: 'Coba Lagi',
  reviewFailed: 'Tidak bisa memuat tinjauan dari server ({reason}). Halaman ini perlu jaringan.',
  flaggedSales: 'Penjualan perlu diperiksa ({n})',
  negativeStock: 'Stok minus ({n})',
  nothingToReview: 'Tidak ada.',
  product: 'Produk',
  stock: 'Stok',
  syncOldest: 'tertua {ago}',
  agoJustNow: 'baru saja',
  agoMinutes: '{n} menit lalu',
  agoHours: '{n} jam lalu',
  agoDays: '{n} hari lalu',
  syncDetails: 'Detail sinkronisasi',
  syncLastLabel: 'Sinkron terakhir',
  syncNever: 'Belum pernah tersinkron dari perangkat ini',
  syncWhen: '{time} ({ago})',
  syncNextTry: 'Dicoba lagi otomatis pukul {time}.',
  syncErrorOffline: 'Perangkat sedang offline. Penjualan tersimpan di perangkat dan terkirim otomatis saat jaringan kembali; tidak perlu melakukan apa pun.',
  syncErrorStorage: 'Penyimpanan perangkat bermasalah ({detail}). Muat ulang halaman; jika terus terjadi, ekspor penjualan belum tersinkron dan hubungi admin.',
  syncUpdateHelp: 'Tutup semua tab Kasir Karya lalu buka lagi agar versi baru terpasang. Jika pesan ini tetap muncul, ekspor penjualan belum tersinkron dan kirim ke admin.',
  syncRejectedCount: '{n} penjualan ditolak server',
  syncRejectedHelp: 'Uangnya sudah diterima: ekspor penjualan ini ke file dan kirim ke admin untuk diperiksa.',
  syncFlaggedCount: '{n} penjualan perlu diperiksa supervisor',
  syncFlaggedHelp: 'Sudah tersimpan di server, tetapi ada yang janggal (harga, produk, atau stok minus). Supervisor memeriksanya; kasir tidak perlu melakukan apa pun.',
  syncReason: 'Alasan: {reason}',
  exportUnsynced: 'Ekspor {n} penjualan yang belum diterima server (file JSON)',
  exportDone: 'File {name} sudah diunduh. Simpan dan kirim ke admin; penjualan tetap ada di perangkat.',
  exportFailed: 'Ekspor gagal: {reason}',
  exportNothing: 'Tidak ada yang perlu diekspor: server sudah menerima semua penjualan.',
  // Accounts (issue 5): enrolment, PIN sign-in, supervisor approval, voids and refunds
  roleCashier: 'Kasir',
  roleSupervisor: 'Supervisor',
  roleAdmin: 'Admin',
  pin: 'PIN',
  pinBackspace: 'Hapus angka terakhir',
  pinFor: 'PIN {name}',
  pinChecking: 'Memeriksa…',
  pinWrong: 'PIN salah. Sisa {n} kali percobaan sebelum terkunci.',
  pinLocked: '{name} terkunci karena 5 kali salah PIN. Coba lagi dalam {time}, atau minta orang lain.',
  pickUserFirst: 'Pilih nama dulu.',
  seconds: '{n} detik',
  minutes: '{n} menit',
  cancel: 'Batal',
  approve: 'Setujui',
  approvalTitle: 'Persetujuan supervisor',
  approvalPick: 'Siapa yang menyetujui?',
  approvalNoApprovers: 'Belum ada supervisor atau admin outlet ini di perangkat. Sambungkan ke jaringan dan sinkronkan; admin menambahkannya di halaman Admin.',
  enrolTitle: 'Daftarkan perangkat ini',
  enrolAgainTitle: 'Daftarkan ulang perangkat ini',
  enrolHelp: 'Minta admin mendaftarkan perangkat ini di halaman Admin. Masukkan kode sekali pakai yang muncul di layar admin, atau pindai QR-nya. Cukup sekali: setelah itu perangkat bisa dipakai tanpa internet.',
  enrolCode: 'Kode pendaftaran',
  enrolCodeHelp: 'Contoh: K7QH-2M9X-PA4D. Huruf besar/kecil dan tanda hubung tidak berpengaruh.',
  enrolCodeShort: 'Kode terlalu pendek: ketik seluruh kode dari layar admin.',
  enrolSubmit: 'Daftarkan',
  enrolBusy: 'Mendaftarkan…',
  enrolScan: 'Pindai QR Kode',
  enrolScanHint: 'Arahkan kamera ke QR kode pendaftaran di layar admin',
  enrolAdminLink: 'Buka halaman Admin (untuk admin: daftarkan perangkat dan buat kode)',
  enrolOffline: 'Perangkat sedang offline: sambungkan ke jaringan untuk mendaftar.',
  enrolUnreachable: 'Server tidak terjangkau ({detail}): sambungkan ke jaringan untuk mendaftar, lalu coba lagi.',
  enrolCodeRefused: 'Kode tidak dikenal. Periksa kodenya di layar admin, atau minta kode baru ke admin.',
  enrolCodeExpired: 'Kode sudah kedaluwarsa. Minta admin membuat kode baru.',
  enrolCodeUsed: 'Kode ini sudah dipakai perangkat lain. Minta admin membuat kode baru untuk perangkat ini.',
  enrolAlreadyEnrolled: 'Server mencatat perangkat ini sudah terdaftar. Minta admin mencabut perangkat ini di halaman Admin, lalu daftarkan lagi dengan kode baru.',
  enrolRateLimited: 'Terlalu banyak percobaan. Tunggu beberapa menit lalu coba lagi.',
  enrolRateLimitedFor: 'Terlalu banyak percobaan. Coba lagi dalam {n} menit.',
  enrolFailed: 'Pendaftaran gagal: {detail}',
  enrolAgain: 'Daftarkan ulang perangkat',
  signInTitle: 'Masuk kasir',
  signInPick: 'Siapa yang bertugas?',
  signIn: 'Masuk',
  signInNoUsers: 'Belum ada pengguna di perangkat ini. Sambungkan ke jaringan lalu tekan Sinkronkan Sekarang; admin menambahkan kasir dan PIN-nya di halaman Admin.',
  signInLoadingUsers: 'Mengunduh daftar pengguna…',
  signedInAs: 'Masuk sebagai {name}',
  switchCashier: 'Ganti Kasir',
  signOut: 'Keluar',
  syncErrorNotEnrolled: 'Perangkat belum didaftarkan: penjualan disimpan di perangkat dan dikirim setelah pendaftaran.',
  syncErrorRevoked: 'Perangkat ini dicabut oleh admin dan tidak lagi tersinkron.',
  syncRevokedHelp: 'Penjualan yang belum terkirim tetap aman di perangkat: ekspor ke file dan serahkan ke admin, atau daftarkan ulang dengan kode baru.',
  syncErrorUnauthenticated: 'Server tidak mengenali perangkat ini ({detail}).',
  syncEnrolAgainHelp: 'Perangkat harus didaftarkan ulang dengan kode baru dari admin. Penjualan tetap aman di perangkat.',
  changePrice: 'Ubah harga',
  changePriceOf: 'Ubah harga {name}',
  priceOf: 'Harga {name}',
  priceList: 'Harga katalog {price}',
  priceBack: 'Kembali ke {price}',
  priceWas: '(katalog {price})',
  voidedInCart: 'Dihapus dari keranjang: {list}',
  approveVoidLine: 'Hapus {units} × {name} dari keranjang (jumlah {from} → {to})',
  approvePrice: 'Ubah harga {name}: {from} → {to}',
  approveDiscountLine: 'Diskon {discount} untuk {name} ({amount} dari {base}), di atas batas {limit}',
  approveDiscountOrder: 'Diskon transaksi {discount} ({amount} dari {base}), di atas batas {limit}',
  approveClearCart: 'Kosongkan keranjang: {n} barang, {total}',
  approveDiscardHeld: 'Hapus transaksi ditahan "{label}": {n} barang, {total}',
  approveBeforePay: 'Sebelum bayar: {list}',
  missingPrice: 'harga {name} diubah',
  missingLineDiscount: 'diskon {name} di atas batas {limit}',
  missingOrderDiscount: 'diskon transaksi di atas batas {limit}',
  stockShort: 'Stok tersisa {n}',
  cartLineTooMany: 'Paling banyak {max} {name} dalam satu baris; jumlah {qty} ditolak. Periksa jumlahnya.',
  cartTotalTooLarge: 'Total {total} melebihi batas satu penjualan ({max}); perubahan ditolak. Periksa jumlah dan harganya.',
  approveLargeSale: 'Penjualan besar: {list}',
  largeLine: '{qty} × {name} (batas {limit} per baris)',
  largeTotal: 'total {total} (batas {limit})',
  cartPolicies: 'Aturan keranjang',
  cartRemovalNeedsApproval: 'Menghapus atau mengurangi barang di keranjang perlu persetujuan supervisor',
  largeLineQty: 'Persetujuan supervisor bila jumlah satu baris lebih dari',
  largeSaleTotal: 'Persetujuan supervisor bila total penjualan lebih dari (Rp)',
  largeLimitInvalid: 'Isi bilangan bulat dari {min} sampai {max}; nilai lama tetap dipakai.',
  handoverTitle: 'Lanjutkan keranjang {name}?',
  handoverHelp: '{name} keluar dengan keranjang berisi {n} barang, {total}. Ambil alih untuk melanjutkannya atas nama Anda, atau simpan sebagai transaksi ditahan atas nama {name}.',
  handoverTake: 'Ambil alih',
  handoverHold: 'Simpan atas nama {name}',
  voidSale: 'Batalkan penjualan',
  refund: 'Retur',
  voidSaleTitle: 'Batalkan penjualan {receipt}',
  refundTitle: 'Retur dari struk {receipt}',
  voidSaleHelp: 'Seluruh penjualan dibatalkan: semua barang kembali ke stok dan seluruh pembayaran dikembalikan.',
  refundSold: 'Terjual',
  refundQtyHeader: 'Jumlah retur',
  refundLeft: '{sold} (bisa diretur {left})',
  refundQty: 'Jumlah retur {name}',
  refundAmount: 'Uang dikembalikan',
  refundMethod: 'Dikembalikan dengan',
  refundReason: 'Alasan',
  voidSaleSubmit: 'Minta persetujuan dan batalkan',
  refundSubmit: 'Minta persetujuan dan retur',
  approveVoidSale: 'Batalkan penjualan {receipt}: {items}, kembalikan {amount} ({method}). Alasan: {reason}',
  approveRefund: 'Retur dari {receipt}: {items}, kembalikan {amount} ({method}). Alasan: {reason}',
  voidDone: 'Penjualan dibatalkan',
  refundDone: 'Retur tercatat',
  refundGiveBack: 'Serahkan ke pelanggan',
  refundSlip: 'Bukti retur {receipt}',
  printRefundSlip: 'Cetak Bukti Retur',
  showRefundSlip: 'Lihat bukti',
  saleVoided: 'Dibatalkan',
  saleRefunded: 'Retur {amount}',
  returnedToday: 'Dikembalikan hari ini (batal dan retur): {amount}',
  returnLineVoid: 'Dibatalkan {time}, {amount} dikembalikan oleh {by}, disetujui {approver}. Alasan: {reason}',
  returnLineRefund: 'Retur {time}, {amount} dikembalikan oleh {by}, disetujui {approver}. Alasan: {reason}',
  credential: 'Kredensial perangkat',
  credentialIssued: 'Diterbitkan {time}; diperbarui otomatis setelah 30 hari.',
  credentialNone: 'Belum terdaftar.',
  credentialRotate: 'Perbarui kredensial',
  credentialRotating: 'Memperbarui…',
  credentialRotated: 'Kredensial baru tersimpan.',
  credentialRotateFailed: 'Kredensial belum diperbarui: {reason}',
  catalogProgress: 'Katalog {done} / {total}',
  catalogProgressNoTotal: 'Katalog {done} produk',
  catalogProgressHelp: 'Katalog sedang diunduh per bagian; penjualan tetap bisa dilakukan. Jika jaringan putus, unduhan dilanjutkan dari bagian terakhir.',
  // Stock (issue 14): the few words the counter's own code shows; the Stok area's are in stock-strings.ts.
  navStock: 'Stok',
  approvalKindStockAdjust: 'Penyesuaian stok',
  approvalKindStockCount: 'Stok opname',
  flagTransferDifference: 'Transfer {product}: dikirim {sent}, diterima {received}',
  flagCountOutOfScope: '{product} bukan kategori {category} tetapi ikut dihitung; hitungannya tetap berlaku',
  flagCountUncounted: '{n} produk kategori {category} tidak dihitung; stoknya tidak diubah',
  receiptBarcode: 'Kode struk {receipt}',
  flagQrisDisputed: 'Pembayaran QRIS {amount} dibantah: tidak ada di mutasi merchant. {note}',
  flagPaymentNotAwaiting: 'Konfirmasi untuk pembayaran yang bukan QRIS menunggu konfirmasi di penjualan ini',
  qrisVerifyLater: 'Belum terlihat masuk: simpan sebagai menunggu konfirmasi',
  qrisAwaiting: 'menunggu konfirmasi',
  // Shifts (issue 15): what the counter itself shows; the shift screens' words are in shift-strings.ts.
  navShift: 'Shift',
  shiftNoneOpen: 'Belum ada shift terbuka. Mulai Shift untuk berjualan.',
  shiftStartLink: 'Mulai Shift',
  approvalKindCashOut: 'Kas keluar',
  approvalKindShiftSelisih: 'Selisih Tutup Kasir',
  flagShiftClosed: 'Masuk setelah Z {zNo}; tetap di shift itu',
  flagShiftUnknown: 'Shift {shift} tidak ada di server',
  flagShiftFiguresDiffer: 'Z: {method} {stated}, server {counted}',
  flagZNumberRepeated: 'Z {zNo} sudah dipakai laci ini',
  flagSlipFiguresDiffer: 'Slip shift {shift}: {method} {stated}, server {counted}',
  flagSlipMergedTwice: 'Slip shift {shift} sudah dihitung di Z {zNo}',
  flagSlipMissing: 'Slip shift {shift} tidak dihitung di Z {zNo} laci bersama',
  flagShiftSalesCount: 'jumlah penjualan',
  flagCashReasonUnknownIn: 'Kas Masuk dengan alasan "{reason}" yang tidak ada di daftar alasan kas server',
  flagCashReasonUnknownOut: 'Kas Keluar dengan alasan "{reason}" yang tidak ada di daftar alasan kas server',
} as const;

// A key in both files would silently take one text over the other: refuse it at compile time.
type Overlap = (keyof typeof counter & keyof typeof adminId) | (keyof typeof reviewId & (keyof typeof adminId | keyof typeof counter));
const noOverlap: [Overlap] extends [never] ? true : Overlap = true;
void noOverlap;
type MessageOverlap = keyof typeof messageId & (keyof typeof counter | keyof typeof adminId);
const noMessageOverlap: [MessageOverlap] extends [never] ? true : MessageOverlap = true;
void noMessageOverlap;
type AuditOverlap = (keyof typeof auditId | keyof typeof pushId) & (keyof typeof counter | keyof typeof adminId | keyof typeof reviewId | keyof typeof messageId);
const noAuditOverlap: [AuditOverlap] extends [never] ? true : AuditOverlap = true;
void noAuditOverlap;
type OutletsOverlap = keyof typeof outletsId & (keyof typeof counter | keyof typeof adminId | keyof typeof reviewId | keyof typeof messageId);
const noOutletsOverlap: [OutletsOverlap] extends [never] ? true : OutletsOverlap = true;
void noOutletsOverlap;
type StockOverlap = (LateKey & (keyof typeof counter | keyof typeof mgmtSessionId | keyof typeof messageId)) | (PageKey & BackOfficeKey);
const noStockOverlap: [StockOverlap] extends [never] ? true : StockOverlap = true;
void noStockOverlap;

type LabelsOverlap = keyof typeof labelsId & (keyof typeof counter | keyof typeof adminId | keyof typeof reviewId | keyof typeof messageId);
const noLabelsOverlap: [LabelsOverlap] extends [never] ? true : LabelsOverlap = true;
void noLabelsOverlap;

type SessionOverlap = keyof typeof mgmtSessionId & (keyof typeof counter | LateKey | keyof typeof messageId | keyof typeof outletsId | keyof typeof pushId);
const noSessionOverlap: [SessionOverlap] extends [never] ? true : SessionOverlap = true;
void noSessionOverlap;

export const id = { ...mgmtSessionId, ...messageId, ...outletsId, ...pushId, ...counter } as const;

/** Keys whose words come with a lazy page's chunk (stock-strings.ts, back-office-strings.ts), registered when it loads. */
type LateKey = BackOfficeKey | PageKey;
type BackOfficeKey = keyof typeof adminId | keyof typeof reviewId;
type PageKey = keyof typeof stockId | keyof typeof productsId | keyof typeof labelsId | keyof typeof auditId | keyof typeof settlementId | keyof typeof receiptsId | keyof typeof reportsId | keyof typeof shiftId | keyof typeof sharedDrawerId | keyof typeof shiftAdminId;
export type StringKey = keyof typeof id | LateKey;
export type EagerKey = keyof typeof id;

export type Language = 'id' | 'en';

/** The languages whose words are on the device now: Indonesian always, in the first download. */
const DICTIONARIES: Partial<Record<Language, Record<EagerKey, string>>> = { id };

/** How a language not in the first download is fetched when chosen (precached, so offline too). */
const LOADERS: Partial<Record<Language, () => Promise<Record<EagerKey, string>>>> = {
  en: () => import('./strings-en.ts').then((m) => m.en),
};

export function languageLoaded(lang: Language): boolean {
  return DICTIONARIES[lang] !== undefined;
}

/** Fetches a language's words once; start-up awaits it before the first paint, so a saved English never shows Indonesian first. */
export async function loadLanguage(lang: Language): Promise<void> {
  const load = LOADERS[lang];
  if (DICTIONARIES[lang] !== undefined || load === undefined) return;
  DICTIONARIES[lang] = await load();
}

const LATE: Record<Language, Partial<Record<LateKey, string>>> = { id: {}, en: {} };

/** A lazy page's strings, both languages at once so neither can be missing. */
export function registerStrings(tables: Record<Language, Partial<Record<LateKey, string>>>): void {
  Object.assign(LATE.id, tables.id);
  Object.assign(LATE.en, tables.en);
}

function lookup(lang: Language, key: StringKey): string {
  // Indonesian stands in only if a language was asked for before its words arrived (setLang waits for them).
  const eager: Partial<Record<StringKey, string>> = DICTIONARIES[lang] ?? id;
  // A page's strings are registered before it renders (its chunk imports them); the key is shown only if that broke.
  return eager[key] ?? LATE[lang][key as LateKey] ?? key;
}

export function translate(lang: Language, key: StringKey, params?: Record<string, string | number>): string {
  let s = lookup(lang, key);
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
