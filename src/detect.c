/*
 * detect — the evidence behind decode's choice of encoding. A file is
 * refused as binary by its magic number, or by NUL or control bytes at its
 * head that text in any ASCII-compatible encoding would not have (NULs
 * aligned to one parity are BOM-less UTF-16 instead); text behind a UTF-16
 * or UTF-32 BOM is held to the same counts once decoded. Candidate
 * decodings are ranked by how much they read like Chinese prose: Big5 read
 * as GB18030 (and GBK read as Big5) decodes without a single error into
 * real but rare characters, kana and private-use code points, so only the
 * frequency of what comes out tells them apart. Engine layer.
 */
#include "detect.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <unicode/ucsdet.h>

#include "decode.h"
#include "util.h"

/* ------------------------------------------------------------- binary */

struct magic {
        const char *bytes;
        size_t len;
        const char *what;
};

#define MAGIC(s, what) { s, sizeof(s) - 1, what }

/* Formats a corpus directory plausibly holds next to its text files. */
static const struct magic magics[] = {
        MAGIC("\x7f" "ELF", "ELF executable"),
        MAGIC("\xcf\xfa\xed\xfe", "Mach-O executable"),
        MAGIC("\xce\xfa\xed\xfe", "Mach-O executable"),
        MAGIC("\xca\xfe\xba\xbe", "Mach-O or Java class"),
        MAGIC("\x89PNG\r\n\x1a\n", "PNG image"),
        MAGIC("\xff\xd8\xff", "JPEG image"),
        MAGIC("GIF87a", "GIF image"),
        MAGIC("GIF89a", "GIF image"),
        MAGIC("%PDF-", "PDF document"),
        MAGIC("PK\x03\x04", "zip archive"),
        MAGIC("\x1f\x8b", "gzip data"),
        MAGIC("\xfd" "7zXZ", "xz data"),
        MAGIC("\x28\xb5\x2f\xfd", "zstd data"),
        MAGIC("7z\xbc\xaf\x27\x1c", "7z archive"),
        MAGIC("Rar!\x1a\x07", "RAR archive"),
        MAGIC("SQLite format 3", "SQLite database"),
        MAGIC("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
};

/*
 * Control bytes that plain text does carry: whitespace, ESC of coloured
 * logs, BS of overstruck manual pages, SUB of old DOS files. Other C0 bytes
 * are about 10% of random data and all but absent from text.
 */
static bool is_text_control(unsigned char c)
{
        return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
               c == 0x1b || c == 0x08 || c == 0x1a;
}

/* What the binary tests count at the head of a file or of decoded text. */
struct head_counts {
        size_t nul[2];          /* NULs at even and odd offsets */
        size_t ctrl;            /* other controls that text does not carry */
};

static void count_head(const unsigned char *p, size_t n, struct head_counts *hc)
{
        hc->nul[0] = hc->nul[1] = hc->ctrl = 0;
        for (size_t i = 0; i < n; i++) {
                if (p[i] == 0)
                        hc->nul[i & 1]++;
                else if ((p[i] < 0x20 && !is_text_control(p[i])) || p[i] == 0x7f)
                        hc->ctrl++;
        }
}

/* A couple of stray NULs are damage to show as ^@, not a verdict. */
static bool too_many_nuls(size_t nuls, size_t n)
{
        return nuls >= 4 && nuls * 50 > n;
}

static bool too_many_controls(size_t ctrl, size_t n)
{
        return ctrl >= 4 && ctrl * 20 > n;
}

int detect_binary(const char *head, size_t n, enum detect_utf16 *utf16, int *nul_heavy,
                  char **cause)
{
        struct head_counts hc;
        size_t i, nuls;

        *utf16 = DETECT_UTF16_NO;
        *nul_heavy = 0;
        for (i = 0; i < LC_ARRAY_LEN(magics); i++)
                if (n >= magics[i].len && memcmp(head, magics[i].bytes, magics[i].len) == 0)
                        return lc_fail(cause, LC_EBINARY, "binary file (%s)", magics[i].what);
        count_head((const unsigned char *)head, n, &hc);
        nuls = hc.nul[0] + hc.nul[1];
        /* UTF-16 text with some ASCII puts (nearly) all its NULs on one side. */
        if (nuls >= 4 && hc.nul[1] * 10 >= nuls * 9)
                *utf16 = DETECT_UTF16_LE;
        else if (nuls >= 4 && hc.nul[0] * 10 >= nuls * 9)
                *utf16 = DETECT_UTF16_BE;
        if (too_many_nuls(nuls, n)) {
                if (*utf16 == DETECT_UTF16_NO)
                        return lc_fail(cause, LC_EBINARY, "binary file (NUL bytes)");
                *nul_heavy = 1;
                return LC_OK;
        }
        /* UTF-16 code units are full of bytes below 0x20; only count for 8-bit text. */
        if (*utf16 == DETECT_UTF16_NO && too_many_controls(hc.ctrl, n))
                return lc_fail(cause, LC_EBINARY, "binary file (control characters)");
        return LC_OK;
}

int detect_binary_decoded(const char *utf8, size_t n, char **cause)
{
        struct head_counts hc;
        struct detect_score sc;

        if (n > DETECT_SAMPLE) {
                n = DETECT_SAMPLE;
                while (n > 0 && ((unsigned char)utf8[n] & 0xc0) == 0x80)
                        n--;
        }
        count_head((const unsigned char *)utf8, n, &hc);
        if (too_many_nuls(hc.nul[0] + hc.nul[1], n))
                return lc_fail(cause, LC_EBINARY, "binary file (NUL bytes)");
        if (too_many_controls(hc.ctrl, n))
                return lc_fail(cause, LC_EBINARY, "binary file (control characters)");
        /*
         * The BOM chose the encoding, so no other reading can do better: a
         * text mostly unreadable in it is no text, even without rare Han.
         */
        detect_score_text(utf8, n, &sc);
        if (detect_implausible(&sc) || (sc.chars >= 16 && sc.bad * 2 > sc.chars))
                return lc_fail(cause, LC_EBINARY,
                               "binary file (no plausible text behind its BOM)");
        return LC_OK;
}

/* ------------------------------------------------------------- scoring */

/*
 * The 800 most frequent characters of modern Chinese (Simplified), then the
 * Traditional forms of those among them that differ. Together they cover
 * about 85-90% of the Han characters of a speech in either script, against
 * 5-20% of the Han characters a misread Big5 or GBK file turns into.
 */
static const char common_simplified[] =
        "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你"
        "对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去"
        "法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因"
        "只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点"
        "正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或"
        "新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿"
        "原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女"
        "变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德"
        "资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界"
        "达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交"
        "规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根"
        "干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存"
        "未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整"
        "府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写"
        "称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历"
        "首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房"
        "半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站"
        "严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围"
        "江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒"
        "育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印"
        "晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险"
        "待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略"
        "范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角"
        "占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追"
        "帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央";

static const char common_traditional[] =
        "這個們來為國說時會對於過發後種經麼學現當沒動還進樣開從實軍無與長"
        "機關點業將兩間問並應戰頭體見產話內給門兒東聲員論處義幾認條氣題爾"
        "別變總電數報結務場計資許統區隊決馬書則聽卻達強難權設記類據邊張該"
        "規萬覺術領確傳師觀讓識帶導爭運飛風乾聯組濟車親極辦議證轉遠單羅愛"
        "擊備連調質團價黨華級離況亞請際約復線斷滿視須寫稱嗎輕農裝廣顯標談"
        "圖歷醫專費號盡較語僅隨選紅響雖勢參眾構節維敵陳態護興驗責營夠嚴續"
        "講終緊黃絕項圍織鬥雙紀採舉殺蘇訴細願錢網熱屬臉職樂剛狀獨彈創錯蘭"
        "試腦預誰陽繼驚傷藥適衛險陸習勞財環納歡獲負雲龍樹層衝範異漢簡擔靜"
        "積檢靈協佔徵揮勝階審沈堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊"
        "頓島複裡裏臺";

#define HAN_FIRST 0x4e00
#define HAN_LAST 0x9fff

static uint8_t common_han[(HAN_LAST - HAN_FIRST + 1 + 7) / 8];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void common_add(const char *s)
{
        size_t n = strlen(s), len;

        while (n > 0) {
                int32_t c = decode_utf8_char(s, n, &len);

                if (c >= HAN_FIRST && c <= HAN_LAST)
                        common_han[(c - HAN_FIRST) >> 3] |= (uint8_t)(1u << ((c - HAN_FIRST) & 7));
                s += len;
                n -= len;
        }
}

static void common_build(void)
{
        common_add(common_simplified);
        common_add(common_traditional);
}

static bool is_common_han(int32_t c)
{
        return (common_han[(c - HAN_FIRST) >> 3] >> ((c - HAN_FIRST) & 7)) & 1;
}

static bool is_noncharacter(int32_t c)
{
        return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

/* Weight of one non-ASCII code point, and what it counts as. */
static int weigh(int32_t c, struct detect_score *sc)
{
        if (c >= HAN_FIRST && c <= HAN_LAST) {
                sc->han++;
                if (!is_common_han(c))
                        return -1;
                sc->common++;
                return 4;
        }
        if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) ||
            (c >= 0x2010 && c <= 0x2027))
                return 1;
        if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) ||
            (c >= 0x20000 && c <= 0x3ffff))
                return -3;
        if (c < 0 || c == 0xfffd) {
                sc->bad++;
                return -6;
        }
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000 ||
            is_noncharacter(c)) {
                sc->bad++;
                return -4;
        }
        return 0;
}

void detect_score_text(const char *utf8, size_t n, struct detect_score *sc)
{
        const char *s = utf8;
        size_t len;

        pthread_once(&common_once, common_build);
        memset(sc, 0, sizeof *sc);
        while (n > 0) {
                unsigned char b = (unsigned char)*s;

                sc->chars++;
                if (b < 0x80) {
                        if ((b < 0x20 && !is_text_control(b)) || b == 0x7f) {
                                sc->bad++;
                                sc->score -= 4;
                        }
                        s++;
                        n--;
                        continue;
                }
                sc->score += weigh(decode_utf8_char(s, n, &len), sc);
                s += len;
                n -= len;
        }
}

/* Damaged Chinese keeps its frequent characters; a few bytes are too little evidence. */
bool detect_implausible(const struct detect_score *sc)
{
        return sc->chars >= 16 && sc->bad * 10 > sc->chars && sc->common * 2 < sc->han;
}

/* ------------------------------------------------------------- ICU */

size_t detect_guess(const char *raw, size_t n, const char **names, int *confidence,
                    size_t max)
{
        UErrorCode err = U_ZERO_ERROR;
        UCharsetDetector *det;
        const UCharsetMatch **matches;
        int32_t count = 0;
        size_t got = 0;

        if (n > DETECT_SAMPLE)
                n = DETECT_SAMPLE;
        det = ucsdet_open(&err);
        if (U_FAILURE(err))
                return 0;
        ucsdet_setText(det, raw, (int32_t)n, &err);
        matches = ucsdet_detectAll(det, &count, &err);
        for (int32_t i = 0; U_SUCCESS(err) && i < count && got < max; i++) {
                const char *name = ucsdet_getName(matches[i], &err);
                int32_t conf = ucsdet_getConfidence(matches[i], &err);

                if (U_SUCCESS(err) && name) {
                        names[got] = name;
                        confidence[got] = conf;
                        got++;
                }
        }
        ucsdet_close(det);
        return got;
}
