// Round trip of CPNG's Huffman-only DEFLATE coder (the 8-bit PNG members at --png-level 1) through
// zlib's own inflate, on 3,000 generated inputs: uniform bytes, mostly zeros with rare values,
// geometric distributions (deep Huffman trees: the 14-bit length limit), runs, sizes up to 3 MiB
// (several 1 MiB blocks). Any mismatch, inflate error or output over the bound fails. Run by
// Tests/png/roundtrip.sh under ASan + UBSan.
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "HuffmanDeflate.h"
static unsigned long long s=88172645463325252ULL; static unsigned long long rnd(){s^=s<<13;s^=s>>7;s^=s<<17;return s;}
int main(){ int fails=0;
 for(int iter=0;iter<3000;iter++){
  size_t n = (iter%10==0)? (rnd()% (3u<<20)) : (rnd()%5000);
  unsigned char*d=malloc(n+1);
  int mode=rnd()%6;
  for(size_t i=0;i<n;i++){
    unsigned long long r=rnd();
    switch(mode){
     case 0: d[i]=r; break;                       // uniform
     case 1: d[i]=(r%1000==0)? (r>>20): 0; break;  // mostly zeros, rare others
     case 2: d[i]=(r%2)? 0 : ((r>>8)%3==0? (r>>16):1); break;
     case 3: { int k=__builtin_ctzll(r|(1ULL<<40)); d[i]=k; } break; // geometric: very skewed lengths
     case 4: d[i]= (i/ (1+(r%300)))%2 ? 0 : 7; break;
     default: d[i]= (r%50000==0)? 255 : (r%7==0?0:1);
    }
  }
  size_t bound=CPNG_huffman_zlib_bound(n); unsigned char*o=malloc(bound);
  size_t m=CPNG_huffman_zlib_compress(d,n,o);
  if(m>bound){printf("overflow iter %d\n",iter);fails++;}
  unsigned char*back=malloc(n+16); uLongf bl=n+16;
  int rc=uncompress(back,&bl,o,m);
  if(rc!=Z_OK||bl!=n||memcmp(back,d,n)){printf("FAIL iter %d mode %d n %zu rc %d bl %lu\n",iter,mode,n,rc,bl);fails++;}
  free(d);free(o);free(back);
 }
 printf("fails %d\n",fails); return fails!=0;}
