// Time and size of DEFLATE coders on the AVERAGE-filtered rows of PNG members (filtered_rows.py):
// zlib level 1 (default strategy, Z_RLE, Z_HUFFMAN_ONLY), libdeflate level 1, and CPNG's
// Huffman-only coder (what --png-level 1 uses for 8-bit PNG). CPU time per image, KB per image.
//
//   cc -O2 -o /tmp/compare_deflate Benchmarks/PNGDeflate/compare_deflate.c Sources/CPNG/HuffmanDeflate.c -lz -ldeflate
//   /tmp/compare_deflate ROWS.bin IMAGES
#include <zlib.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../Sources/CPNG/HuffmanDeflate.h"
static double now(){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){if(argc<3){fprintf(stderr,"usage: compare_deflate ROWS.bin IMAGES\n");return 2;}FILE*f=fopen(argv[1],"rb");if(!f){perror(argv[1]);return 1;}fseek(f,0,2);long n=ftell(f);rewind(f);unsigned char*d=malloc(n);fread(d,1,n,f);
int imgs=atoi(argv[2]); long per=n/imgs; unsigned char*o=malloc(per*2+1000); int R=10;
const char*names[]={"zlib1 default","zlib1 Z_RLE","zlib1 HUFF","libdeflate1","own huffman"};
for(int m=0;m<5;m++){double t0=now();size_t tot=0;
 for(int r=0;r<R;r++)for(int i=0;i<imgs;i++){unsigned char*s=d+i*per;size_t out=0;
  if(m<3){z_stream z;memset(&z,0,sizeof z);deflateInit2(&z,1,Z_DEFLATED,15,8,m==0?Z_DEFAULT_STRATEGY:m==1?Z_RLE:Z_HUFFMAN_ONLY);z.next_in=s;z.avail_in=per;z.next_out=o;z.avail_out=per*2+1000;deflate(&z,Z_FINISH);out=z.total_out;deflateEnd(&z);}
  else if(m==3){struct libdeflate_compressor*c=libdeflate_alloc_compressor(1);out=libdeflate_zlib_compress(c,s,per,o,per*2+1000);libdeflate_free_compressor(c);}
  else out=CPNG_huffman_zlib_compress(s,per,o);
  tot+=out;}
 double t=now()-t0; printf("%-14s %.3f ms/img  %.1f KB/img\n",names[m],1000*t/(R*imgs),tot/(double)(R*imgs)/1024);}
}
