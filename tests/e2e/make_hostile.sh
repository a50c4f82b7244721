#!/usr/bin/env bash
# Writes a corpus of hostile files into DIR (created; must not exist yet),
# beside two normal speeches from the bundled corpus, for the end-to-end and
# valgrind tests. Nothing binary is kept in the repository: every file is
# generated here, at test time.
#
# Usage: tests/e2e/make_hostile.sh DIR [ELF]
#   ELF  an executable to copy as the binary file (default: the one `true`
#        resolves to on PATH, else LECTERN_BIN)
#
# Every file with text in it (but the two named for their names) holds
# 劳动精神 or 勞動精神, so that a search reaches it. The file names sort in the order listed below; the escape
# payloads carry the marker "lectern-pwned" so that a leak is recognisable.
#
# Special entries (a FIFO, an unreadable file, symbolic link loops, a
# hostile file name) are made too; a file that grows or shrinks while it is
# read is the tests' own business.
set -eu

dir=${1:?usage: make_hostile.sh DIR [ELF]}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/../../assets/corpus"
elf=${2:-$(type -P true || true)}
[ -n "$elf" ] || elf=${LECTERN_BIN:-}

if [ -e "$dir" ]; then
        echo "make_hostile.sh: $dir exists" >&2
        exit 2
fi
mkdir -p "$dir"
cd "$dir"

# ------------------------------------------------------------ normal text
cp "$corpus/000_1de982e3124a5833.txt" 00-normal-a.txt
cp "$corpus/003_b1cc837703a5ec1a.txt" 00-normal-b.txt
chmod u+w 00-normal-*.txt

# A line of ordinary prose to pad hostile bytes with, so that each file
# still reads as text to the encoding detector.
prose='新时代弘扬劳动精神，是全体人民共同的事业。'

# ------------------------------------------------------------ degenerate
: >01-empty.txt
printf '\xef\xbb\xbf' >02-bom-only.txt
if [ -n "$elf" ] && [ -f "$elf" ]; then
        cp "$elf" 03-elf.bin
        chmod u+w,a-x 03-elf.bin
fi
# NUL bytes inside text: a few among prose load (shown as ^@); a file
# with NULs in every other byte is refused as binary.
{ printf '%s\n' "$prose" "$prose" "$prose"; printf '劳动\000精神在\000这里\n'
  printf '%s\n' "$prose" "$prose" "$prose"; } >04-nul.txt
{ printf '劳动精神'; head -c 4096 /dev/zero; } >04-nul-heavy.bin

# ------------------------------------------------------------ invalid UTF-8
# One file per kind, each a paragraph of prose around the damage.
bad() { # bad NAME BYTES...
        local name=$1
        shift
        { printf '%s\n' "$prose" "$prose"
          printf '标题劳动精神'; printf "$@"; printf '之后的文字\n'
          printf '%s\n' "$prose"; } >"$name"
}
bad 05-invalid-lone-continuation.txt 'a\x80b\xbf\x80c\xa5d'
bad 06-invalid-overlong.txt 'a\xc0\xafb\xc1\xbfc\xe0\x80\xafd\xf0\x80\x80\xafe\xe0\x9f\xbff'
bad 07-invalid-surrogates.txt 'a\xed\xa0\x80b\xed\xbf\xbfc\xed\xa0\xbd\xed\xb8\x80d'
bad 08-invalid-above-10ffff.txt 'a\xf4\x90\x80\x80b\xf7\xbf\xbf\xbfc\xf8\x88\x80\x80\x80d\xfe\xffe'
bad 09-invalid-unfinished.txt 'a\xe5\x8bb\xf0\x9f\x98c\xc3'
# Truncated inside the last character: no newline, the file ends mid-sequence.
{ printf '%s\n' "$prose" "$prose"; printf '劳动精神在最后\xe5\x8b'; } >10-invalid-truncated-at-eof.txt

# ------------------------------------------------------------ lines
# 2 MB on one line with no newline: 174763 copies of a 12-byte phrase.
yes 劳动精神 | head -n 174763 | tr -d '\n' >11-long-line.txt
printf '第一行劳动精神\n第二行 CRLF\r\n第三行 CR\r第四行 LF\n\r\n第五行\r\r第六行 CRLF\r\n最后一行没有换行\r' >12-mixed-endings.txt

# ------------------------------------------------------------ escapes
# Every terminal escape a file could carry, each on a line of its own
# between prose, all in one UTF-8 file.
{
        printf '终端转义序列测试：劳动精神\n%s\n' "$prose"
        printf '1 清屏 CSI: \033[2J\033[H\033[3J之后\n'
        printf '2 OSC 0 标题: \033]0;lectern-pwned-title\007 OSC 2: \033]2;lectern-pwned-title2\033\\ 之后\n'
        printf '3 OSC 52 剪贴板: \033]52;c;bGVjdGVybi1wd25lZA==\007 \033]52;p;bGVjdGVybi1wd25lZA==\033\\ 之后\n'
        printf '4 OSC 8 链接: \033]8;;http://lectern-pwned.invalid/\033\\链接\033]8;;\033\\ 之后\n'
        printf '5 DCS: \033P+q544e\033\\ \033Ptmux;\033\033]2;lectern-pwned-dcs\007\033\\ 之后\n'
        printf '6 光标位置查询: \033[6n \033[c \033[>c \033[5n 之后\n'
        printf '7 C1 CSI UTF-8: \302\2332J \302\2350;lectern-pwned-c1\302\234 \302\220q\302\234 \302\237apc\302\234 \302\205NEL之后\n'
        printf '8 备用屏幕: \033[?1049l \033[?47h \033[?1047h \033[?1049h 之后\n'
        printf '9 字符集: \033(0qqqq\033)0\016lqk\017 \033(B 之后\n'
        printf '10 BEL\007 BS\010x VT\013 FF\014 CR\r TAB\t 之后\n'
        printf '11 模式: \033[4h \033[?6h \033[?7l \033[?25l \033[?1000h \033[?1006h \033= \033[?1h 之后\n'
        printf '12 其他: \033c \033#8 \033kwname-lectern-pwned\033\\ \033_apc\033\\ \033^pm\033\\ \033[31;41m红\033[8m隐 \033[1;1H\033[K 之后\n'
        printf '13 DEL\177 和 ESC 结尾\033\n'
        printf '%s\n' "$prose"
} >13-escapes.txt
# The first meaningful line becomes the title: the list and the header
# draw it, so the escapes must be inert there too.
{
        printf '\033]0;lectern-pwned-head\007\033[2J标题劳动精神\302\233H\033]52;c;bGVjdGVybi1wd25lZA==\007\n'
        printf '%s\n' "$prose"
} >14-escape-title.txt

# ------------------------------------------------------------ bidi
{
        printf '双向控制字符：劳动精神\n'
        printf 'RLO \342\200\256abc劳动\342\200\254 LRO \342\200\255def\342\200\254 LRE \342\200\252x\342\200\254 RLE \342\200\253y\342\200\254\n'
        printf 'LRI \342\201\246a\342\201\251 RLI \342\201\247b\342\201\251 FSI \342\201\250c\342\201\251 marks \342\200\216\342\200\217\330\234 end\n'
        printf 'if (access == "user\342\200\256 \342\201\246// admin\342\201\251 \342\201\246") {\n'
        printf '%s\n' "$prose"
} >15-bidi.txt

# ------------------------------------------------------------ special files
mkfifo 16-fifo.txt
printf '%s\n' "$prose" >17-unreadable.txt
chmod 000 17-unreadable.txt
mkdir 18-loop
printf '%s\n' "$prose" >18-loop/inside.txt
ln -s .. 18-loop/up             # the directory again, through a link
ln -s 19-self-link 19-self-link  # ELOOP
ln -s 19-pong 19-ping
ln -s 19-ping 19-pong
ln -s no-such-file 19-dangling
# Names that carry escapes: a text with no meaningful line, so that the
# title falls back to the file name, and a dangling link that sorts first,
# so that the reader's "files skipped" notice names it.
printf '...\n' >"20-name-$(printf '\033]2;lectern-pwned-name\007\033[2J\302\233')x.txt"
printf '...\n' >"21-name-$(printf 'line\nbreak\ttab\rcr\bbs')-$(printf '\342\200\256')rlo.txt"
ln -s no-such-file "00-skip-$(printf '\033]2;lectern-pwned-skip\007\302\233')dangling"
